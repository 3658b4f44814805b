//! `gongkai verify DIR|URL` ([`crate::verify`]): every changed, added and missing file of the
//! deployed copy, one per line on stdout, and exit status 1 when anything is wrong.

use crate::cli::VerifyArgs;

/// Checks the target. Returns the exit code.
pub fn verify(args: &VerifyArgs) -> anyhow::Result<i32> {
    let source = crate::verify::open(&args.target)?;
    crate::verify::report(args, source.as_ref(), &|_| true)
}
