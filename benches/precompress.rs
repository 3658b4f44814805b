//! Benchmark: what the `.gz` and `.br` copies of a built site cost, and what other levels would
//! give. Run on a site's output folder (any build; the copies already there are not counted):
//!
//! ```text
//! cargo bench --bench precompress -- public/ [--budget SECONDS]
//! ```
//!
//! Reads every file that `build` compresses, then, on one core, times gongkai's own encoders
//! over all of them and prints the core-seconds the copies need and the least wall time they take
//! on this machine's cores. With `--budget`, says whether that fits in so many seconds of wall
//! time (`benches/scale/run` passes half of Hugo's full build). Then compares other gzip levels
//! and brotli qualities on every eighth file: size against gzip at gongkai's level, and speed.

use std::path::Path;
use std::time::Instant;

use gongkai::precompress;

/// One encoder's result over a set of files.
struct Run {
    /// Bytes in.
    input: usize,
    /// Bytes out.
    output: usize,
    /// Seconds on one core.
    seconds: f64,
}

impl Run {
    fn of(files: &[&Vec<u8>], mut encode: impl FnMut(&[u8]) -> usize) -> Run {
        let started = Instant::now();
        let output = files.iter().map(|f| encode(f)).sum();
        Run {
            input: files.iter().map(|f| f.len()).sum(),
            output,
            seconds: started.elapsed().as_secs_f64(),
        }
    }

    fn mb_per_s(&self) -> f64 {
        self.input as f64 / 1e6 / self.seconds
    }
}

fn compressible_files(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| precompress::is_compressible(&e.path().to_string_lossy()))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|bytes| bytes.len() >= precompress::MIN_SIZE)
        .collect()
}

fn brotli_size(bytes: &[u8], quality: u8) -> usize {
    let (Ok(quality), Ok(window)) = (
        brotlic::Quality::new(quality),
        brotlic::WindowSize::new(precompress::BROTLI_WINDOW),
    ) else {
        return 0;
    };
    let mut out = vec![0; bytes.len() + 1024];
    brotlic::compress(
        bytes,
        &mut out,
        quality,
        window,
        brotlic::CompressionMode::Generic,
    )
    .unwrap_or(0)
}

fn gzip_size(compressor: &mut libdeflater::Compressor, bytes: &[u8]) -> usize {
    let mut out = vec![0; compressor.gzip_compress_bound(bytes.len())];
    compressor.gzip_compress(bytes, &mut out).unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench precompress -- DIR [--budget SECONDS]");
        std::process::exit(2);
    };
    let budget: Option<f64> = args
        .iter()
        .position(|a| a == "--budget")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let files = compressible_files(Path::new(dir));
    let all: Vec<&Vec<u8>> = files.iter().collect();
    let gzip = Run::of(&all, |b| precompress::gzip(b).len());
    let brotli = Run::of(&all, |b| precompress::brotli(b).len());
    let core_seconds = gzip.seconds + brotli.seconds;
    println!(
        "\nPrecompression of {} files, {:.1} MB (one core):\n",
        files.len(),
        gzip.input as f64 / 1e6
    );
    println!("| encoder | output | speed | core-seconds |\n|---|---|---|---|");
    for (name, run) in [
        (format!("gzip level {}", precompress::GZIP_LEVEL), &gzip),
        (
            format!("brotli quality {}", precompress::BROTLI_QUALITY),
            &brotli,
        ),
    ] {
        println!(
            "| {name} | {:.1} MB | {:.0} MB/s | {:.2} s |",
            run.output as f64 / 1e6,
            run.mb_per_s(),
            run.seconds
        );
    }
    let least_wall = core_seconds / cores as f64;
    println!(
        "\nBoth copies: {core_seconds:.2} core-seconds, at least {least_wall:.2} s of wall time on {cores} cores."
    );
    if let Some(budget) = budget {
        let verdict = if least_wall <= budget {
            "fits in"
        } else {
            "alone exceeds"
        };
        println!("Compression {verdict} a budget of {budget:.2} s wall ({least_wall:.2} s).");
    }

    let sample: Vec<&Vec<u8>> = files.iter().step_by(8).collect();
    let mut reference = libdeflater::Compressor::new(
        libdeflater::CompressionLvl::new(precompress::GZIP_LEVEL).unwrap_or_default(),
    );
    let baseline = Run::of(&sample, |b| gzip_size(&mut reference, b));
    println!(
        "\nOther settings, on every eighth file ({:.1} MB; size against gzip level {}):\n",
        baseline.input as f64 / 1e6,
        precompress::GZIP_LEVEL
    );
    println!("| encoder | size | speed |\n|---|---|---|");
    let row = |name: String, run: &Run| {
        println!(
            "| {name} | {:.1} % | {:.0} MB/s |",
            run.output as f64 * 100.0 / baseline.output as f64,
            run.mb_per_s()
        );
    };
    for level in [1, 3, 6, 9] {
        let mut compressor = libdeflater::Compressor::new(
            libdeflater::CompressionLvl::new(level).unwrap_or_default(),
        );
        row(
            format!("gzip level {level}"),
            &Run::of(&sample, |b| gzip_size(&mut compressor, b)),
        );
    }
    for quality in [2, 3, 4, 5, 6] {
        row(
            format!("brotli quality {quality}"),
            &Run::of(&sample, |b| brotli_size(b, quality)),
        );
    }
}
