//! The `gongkai` command: parse the command line, run, print errors, exit with a status.

use gongkai::cli::Command;
use gongkai::cmd;

/// mimalloc instead of the system allocator: rendering and indexing make many small
/// allocations, which took about a tenth of a large build's time in glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc's own call: frees the calling thread's empty pages and, with `force`, gives
    /// them and the allocator's free segments back to the system.
    fn mi_collect(force: bool);
}

/// Gives back the memory mimalloc holds freed on the calling thread (see
/// [`gongkai::memory`]).
fn give_back_freed() {
    // SAFETY: `mi_collect` takes a plain bool and only walks mimalloc's own structures; it is
    // safe to call from any thread at any time.
    unsafe { mi_collect(true) }
}

fn main() {
    // mimalloc asks the kernel for transparent huge pages, which then zeroes 2 MiB at the first
    // touch of any byte of a region: a fifth of a daily build's time went there, and both a
    // daily and a clean build at 10,000 documents were 15–20 % quicker without them (README).
    // Programs gongkai starts (a browser, sftp) inherit the setting; it costs them no more than
    // a little speed.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    gongkai::memory::set_release(give_back_freed);
    let cli = gongkai::cli_zh::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::build(args),
        Command::Check(args) => cmd::build::check(args),
        Command::Deploy(args) => cmd::deploy::deploy(args),
        Command::Import(args) => cmd::import::import(args),
        Command::Init(args) => cmd::init::init(args),
        Command::Keygen(args) => cmd::keygen::keygen(args),
        Command::New(args) => cmd::new::new(args),
        Command::Review(command) => cmd::review::review(command),
        Command::Serve(args) => cmd::serve::serve(args),
        Command::Edit(args) => cmd::edit::edit(args),
        Command::Verify(args) => cmd::verify::verify(args),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("错误: {e}");
            for cause in e.chain().skip(1) {
                match cause.downcast_ref::<std::io::Error>() {
                    Some(io) => eprintln!("  原因: {}", gongkai::fs::reason(io)),
                    None => eprintln!("  原因: {cause}"),
                }
            }
            std::process::exit(1);
        }
    }
}
