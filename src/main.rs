//! The `gongkai` command: parse the command line, run, print errors, exit with a status.

use clap::Parser;
use gongkai::cli::{Cli, Command};
use gongkai::cmd;

/// mimalloc instead of the system allocator: rendering and indexing make many small
/// allocations, which took about a tenth of a large build's time in glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::build(args),
        Command::Check(args) => cmd::build::check(args),
        Command::Import(args) => cmd::import::import(args),
        Command::Init(args) => cmd::init::init(args),
        Command::Keygen(args) => cmd::keygen::keygen(args),
        Command::New(args) => cmd::new::new(args),
        Command::Review(command) => cmd::review::review(command),
        Command::Serve(args) => cmd::serve::serve(args),
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
