//! `gongkai deploy TARGET`: publishes `public/` to a folder, an SSH server or object storage by
//! the manifest of the build, then checks the target with `verify` ([`crate::deploy`]).

use crate::cli::DeployArgs;

/// Deploys. Returns the exit code.
pub fn deploy(args: &DeployArgs) -> anyhow::Result<i32> {
    crate::deploy::deploy(args)
}
