//! Stage 4, validate: placeholders left in the content, which must not be published. The title
//! and body `gongkai new` writes, a section named after its folder (`zcwj`, as `gongkai import`
//! creates it) and the 示例 发布机构 of `gongkai init`'s document. Warnings in `build` and
//! `serve`, errors in `check` (with the footer items of [`crate::config::publish`]).

use crate::config::publish::is_example;
use crate::content::document::SourceDocument;
use crate::content::tree::Site;
use crate::diagnostics::Diagnostic;

/// The title `gongkai new` writes when none is given.
pub const NEW_TITLE: &str = "新文档标题";

/// The body `gongkai new` writes.
pub const NEW_BODY: &str = "正文从这里开始。";

/// Whether a body line still holds the body `gongkai new` writes (alone, without its 。, or with
/// the text written after it on the same line).
fn is_new_body(line: &str) -> bool {
    line.contains(NEW_BODY.trim_end_matches('。'))
}

/// Whether a section's title is its folder's name (`zcwj`, `ZCWJ`, `"zcwj"`), as `gongkai
/// import` writes it for a new section.
fn is_folder_name(title: &str, folder: &str) -> bool {
    let title = title.trim().trim_matches(['"', '\'']);
    folder.is_ascii() && title.eq_ignore_ascii_case(folder)
}

/// The sections named after their folder, at the line of their title in `_index.md`.
pub fn section_problems(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for section in site.sections.iter().skip(1) {
        let name = section.dir.rsplit('/').next().unwrap_or_default();
        if !is_folder_name(&section.title, name) {
            continue;
        }
        // The front matter starts on the file's second line, after its `---`.
        let line = (section.front_matter.lines())
            .position(|l| l.trim_start().starts_with("title:"))
            .map_or(0, |i| i + 2);
        let how = if line == 0 {
            "在 _index.md 的 front matter 中写 title: 栏目名称"
        } else {
            "改为栏目的中文名称"
        };
        out.push(
            Diagnostic::warning(
                &section.file,
                line,
                usize::from(line > 0),
                format!("栏目名称 “{name}” 是文件夹名：发布前应{how}，如 “政策文件”"),
            )
            .with_field("title（栏目名称）"),
        );
    }
    out
}

/// The placeholders left in one document (title, 发布机构, body).
pub fn document_problems(src: &SourceDocument) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |key: &str| src.meta.positions.get(key).copied().unwrap_or((1, 1));
    if src.meta.title.contains(NEW_TITLE) {
        let (line, column) = at("title");
        out.push(
            Diagnostic::warning(
                &src.file,
                line,
                column,
                format!("标题仍是 gongkai new 写入的 “{NEW_TITLE}”：发布前应改为文档的标题"),
            )
            .with_field("title（标题）"),
        );
    }
    if is_example(&src.meta.issuer) {
        let (line, column) = at("issuer");
        out.push(
            Diagnostic::warning(
                &src.file,
                line,
                column,
                format!(
                    "发布机构仍是 gongkai init 写入的示例值 “{}”：发布前应改为本单位名称",
                    src.meta.issuer
                ),
            )
            .with_field("issuer（发布机构）"),
        );
    }
    // One search of the whole body first: this runs over every document after every edit.
    let found = src.body.contains(NEW_BODY.trim_end_matches('。'));
    if let Some(i) = (found.then(|| src.body.lines().position(is_new_body))).flatten() {
        out.push(Diagnostic::warning(
            &src.file,
            src.body_line + i,
            1,
            format!("正文仍是 gongkai new 写入的 “{NEW_BODY}”：发布前应写入正文"),
        ));
    }
    out
}
