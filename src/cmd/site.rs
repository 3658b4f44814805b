//! The site a command works on: commands that read or write a site refuse to run outside one,
//! before they write anything.

use std::path::Path;

use anyhow::bail;

/// `Ok` when `root` holds a `config.yaml`; else says where to run the command instead.
pub fn require(root: &Path) -> anyhow::Result<()> {
    if root.join("config.yaml").exists() {
        return Ok(());
    }
    let shown = if root.as_os_str().is_empty() || root == Path::new(".") {
        "当前目录".to_string()
    } else {
        root.display().to_string()
    };
    bail!(
        "{shown}不是 gongkai 站点（其中没有 config.yaml），未写入任何文件：请在站点目录中运行，或用 --root 指定站点目录；新建站点请运行 gongkai init 目录名"
    )
}
