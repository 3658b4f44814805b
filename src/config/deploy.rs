//! `deploy:` in `config.yaml`: where `gongkai deploy` publishes to, without secrets.

use serde::Deserialize;

/// The target and its options, never secrets (keys come from the environment, a credentials file
/// or the SSH agent). Options on the command line win.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct DeploySettings {
    /// The target, as on the command line.
    pub target: Option<String>,
    /// `--endpoint`.
    pub endpoint: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--addressing`.
    pub addressing: Option<Addressing>,
    /// `--max-deletes`.
    pub max_deletes: Option<usize>,
    /// `--identity`.
    pub identity: Option<std::path::PathBuf>,
    /// `--ssh-config`.
    pub ssh_config: Option<std::path::PathBuf>,
}

/// How requests name the bucket of `s3://` targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Addressing {
    /// `https://endpoint/bucket/key`.
    Path,
    /// `https://bucket.endpoint/key`.
    VirtualHost,
}
