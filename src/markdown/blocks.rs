//! Pass: blocks — code highlighting, tables in a scrollable region with their header checked,
//! raw HTML checked and sanitised.

use super::*;

impl<'b> Pass<'b, '_> {
    /// Code blocks, tables and raw HTML.
    pub(super) fn blocks(&mut self, events: Vec<Ev<'b>>) -> Vec<Ev<'b>> {
        let mut out = Vec::with_capacity(events.len() + 8);
        let mut code: Option<(String, String)> = None;
        let mut table_start = 0usize;
        let mut tables = 0usize;
        for (event, range) in events {
            if let Some((lang, text)) = &mut code {
                match event {
                    Event::Text(t) => text.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let html = highlight::highlight(text, lang);
                        out.push((Event::Html(CowStr::from(html)), range));
                        code = None;
                    }
                    _ => {}
                }
                continue;
            }
            match &event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    self.out.has_code = true;
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                    continue;
                }
                Event::Start(Tag::Table(_)) => {
                    table_start = out.len();
                    tables += 1;
                    let html = format!("<div class=\"gk-table-scroll\" role=\"region\" aria-label=\"表格{tables}\" tabindex=\"0\">\n");
                    out.push((Event::Html(CowStr::from(html)), range.clone()));
                }
                // Only a body that has HTML of its own is checked (and later sanitised): the
                // passes before this one write HTML of their own (落款, run-in titles).
                Event::Html(html) | Event::InlineHtml(html) if self.has_raw_html => {
                    self.check_raw_html(html, range.start);
                    if matches!(event, Event::InlineHtml(_)) {
                        self.check_remote_html(html, range.start);
                    }
                }
                Event::Start(Tag::HtmlBlock) => {
                    // The whole block at once: a tag may span several lines.
                    let block = self.body.get(range.clone()).unwrap_or_default();
                    self.check_remote_html(block, range.start);
                }
                _ => {}
            }
            let end_table = matches!(event, Event::End(TagEnd::Table));
            out.push((event, range.clone()));
            if end_table {
                let head_text = table_head_text(&out[table_start..]);
                if head_text.trim().is_empty() {
                    self.problem(
                        range.start,
                        Severity::Warning,
                        Category::Accessibility,
                        "表格没有表头行（第一行为空）：读屏用户无法知道各列的含义".into(),
                    );
                }
                out.push((Event::Html(CowStr::from("</div>\n")), range));
            }
        }
        out
    }

    pub(super) fn check_raw_html(&mut self, html: &str, offset: usize) {
        let lower = html.to_ascii_lowercase();
        let mut found = Vec::new();
        if lower.contains("<script") {
            found.push("<script>");
        }
        if lower.contains("<iframe") || lower.contains("<object") || lower.contains("<embed") {
            found.push("嵌入外部内容的标签");
        }
        if has_event_attribute(&lower) {
            found.push("on* 事件属性");
        }
        if lower.contains("javascript:") {
            found.push("javascript: 网址");
        }
        if lower.contains("style=") {
            found.push("style 属性");
        }
        if !found.is_empty() {
            self.problem(
                offset,
                Severity::Warning,
                Category::Content,
                format!(
                    "正文中的 HTML 含 {}，已被清除：网站不允许执行内嵌脚本和样式",
                    found.join("、")
                ),
            );
        }
    }
}

pub(super) fn has_event_attribute(lower: &str) -> bool {
    lower.match_indices(" on").any(|(i, _)| {
        let rest = &lower[i + 3..];
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        name_len > 0 && rest[name_len..].trim_start().starts_with('=')
    })
}

pub(super) fn table_head_text(events: &[Ev<'_>]) -> String {
    let mut in_head = false;
    let mut text = String::new();
    for (e, _) in events {
        match e {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => break,
            Event::Text(t) | Event::Code(t) if in_head => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// Removes scripts, event handlers, `javascript:` URLs and inline styles from body HTML.
pub(super) fn sanitize(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes([
            "class",
            "id",
            "role",
            "aria-label",
            "tabindex",
            "title",
            "lang",
            "dir",
        ])
        .add_tags([
            "input",
            "figure",
            "figcaption",
            "section",
            "abbr",
            "mark",
            "sup",
            "sub",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("td", ["colspan", "rowspan", "align"])
        .add_tag_attributes("th", ["colspan", "rowspan", "scope", "align"])
        .add_tag_attributes("ol", ["start"])
        .add_url_schemes(["gkpage"])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None);
    builder.clean(html).to_string()
}
