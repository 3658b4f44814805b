//! One module per subcommand; `main` dispatches here.

pub mod build;
pub mod deploy;
pub mod edit;
pub mod import;
pub mod import_site;
pub mod init;
pub mod keygen;
pub mod new;
pub mod review;
pub mod serve;
pub mod site;
pub mod verify;

use crate::diagnostics::Diagnostic;

/// Prints problems to stderr, one per line, errors and warnings together like a compiler.
pub fn print_diagnostics<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) {
    for d in diags {
        eprintln!("{d}");
    }
}
