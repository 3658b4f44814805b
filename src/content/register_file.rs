//! The 依申请公开 register among the site's files: a `.yaml`/`.csv` whose keys are the
//! register's holds applicants' personal data, so loading leaves it out of the site wherever it
//! lies ([`crate::register`] reads it from its own folder).

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// The folder of the register, beside `content/`.
pub const FOLDER: &str = "register";

/// Whether a file is a `.yaml`, `.yml` or `.csv` file.
pub fn is_data_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "csv"))
}

/// Whether a file of `content/` is a register (a `.yaml`/`.csv` whose keys are the register's):
/// it must not be published.
pub fn is_register(path: &Path) -> bool {
    if !is_data_file(path) {
        return false;
    }
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes);
    text.contains("收到日期") && (text.contains("申请人类型") || text.contains("办理结果"))
}

/// The warning for a register file found in `content/` (`shown`): it is not copied into the site.
pub fn refused(shown: &Path) -> Diagnostic {
    Diagnostic::warning(
        shown,
        0,
        0,
        format!("个人信息：这是依申请公开登记（含申请人的个人信息），不发布，未复制到网站：应移到站点文件夹的 {FOLDER}/ 下"),
    )
}
