//! Pass: links and images — relative links resolved to pages and files of the site (dead ones
//! reported), links allowed only with safe schemes, pictures from other hosts turned into links.

use super::*;

impl<'b> Pass<'b, '_> {
    /// Resolves link and image targets; records internal links; lints link texts and alt texts.
    pub(super) fn links(&mut self, mut events: Vec<Ev<'b>>) -> Vec<Ev<'b>> {
        let mut i = 0;
        // Links open around the current event: images inside links are visited too.
        let mut link_depth = 0usize;
        while i < events.len() {
            let range = events[i].1.clone();
            let (is_image, dest) = match &events[i].0 {
                Event::Start(Tag::Link { dest_url, .. }) => (false, dest_url.to_string()),
                Event::Start(Tag::Image { dest_url, .. }) => (true, dest_url.to_string()),
                Event::End(TagEnd::Link) => {
                    link_depth = link_depth.saturating_sub(1);
                    i += 1;
                    continue;
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            let mut end = find_end(&events, i);
            let text: String = plain_text(&events[i + 1..end]);
            let resolved = self.resolve(&dest, range.start, is_image);
            if is_image && remote::is_remote(&resolved) {
                // The site loads nothing from other hosts: a remote image becomes a link to it,
                // or, inside a link (a thumbnail linking to the full picture), its label.
                let label = if text.trim().is_empty() {
                    dest.clone()
                } else {
                    text.trim().to_string()
                };
                let label = Event::Text(CowStr::from(format!("〔外部图片：{label}〕")));
                self.remote_image_problem(range.start, &dest, link_depth > 0);
                if link_depth > 0 {
                    events.splice(i..=end, [(label, range.clone())]);
                    i += 1;
                    continue;
                }
                events[i].0 = Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(resolved),
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                });
                events.splice(i + 1..end, [(label, range.clone())]);
                end = i + 2;
                events[end].0 = Event::End(TagEnd::Link);
                i = end + 1;
                continue;
            }
            match &mut events[i].0 {
                Event::Start(Tag::Link { dest_url, .. })
                | Event::Start(Tag::Image { dest_url, .. }) => {
                    *dest_url = CowStr::from(resolved);
                }
                _ => {}
            }
            if is_image {
                if text.trim().is_empty() {
                    self.problem(
                        range.start,
                        Severity::Warning,
                        Category::Accessibility,
                        format!("图片缺少替代文本（alt）：应写成 ![图片内容说明]({dest})"),
                    );
                }
            } else {
                let has_image = events[i + 1..end]
                    .iter()
                    .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })));
                let t = text.trim();
                if t.is_empty() && !has_image {
                    self.problem(
                        range.start,
                        Severity::Warning,
                        Category::Accessibility,
                        format!("链接没有文字：读屏用户无法知道 {dest} 是什么"),
                    );
                } else if [
                    "点击这里",
                    "点击此处",
                    "点这里",
                    "这里",
                    "此处",
                    "更多",
                    "详情",
                    "点击",
                    "click here",
                    "here",
                ]
                .contains(&t)
                {
                    self.problem(range.start, Severity::Warning, Category::Accessibility, format!("链接文字 “{t}” 看不出去向：应写明链接的内容，如 “2021年政府信息公开年报”"));
                }
                link_depth += 1;
                i += 1;
                continue;
            }
            i = end + 1;
        }
        events
    }

    /// One warning per remote picture: the page shows a link (or, inside a link, a label).
    pub(super) fn remote_image_problem(&mut self, offset: usize, url: &str, in_link: bool) {
        let done = if in_link {
            "已改为文字说明（外面的链接保留）"
        } else {
            "已改为链接"
        };
        self.problem(offset, Severity::Warning, Category::Content,
            format!("外部图片 {url} 不会在页面中显示（网站不从其他网站加载内容），{done}：请把图片文件放在文档旁边并用相对路径引用"),
        );
    }

    /// Raw HTML that would load something from another host: one warning per URL. Remote `<img>`
    /// become links after sanitising ([`remote::unload_images`]); the sanitiser drops the rest.
    pub(super) fn check_remote_html(&mut self, html: &str, offset: usize) {
        for load in remote::remote_loads(html) {
            let at = offset + load.offset;
            if load.img_src {
                self.remote_image_problem(at, &load.url, false);
            } else {
                self.problem(at, Severity::Warning, Category::Content,
                    format!("正文 HTML 中{}引用的外部文件 {} 已移除（网站不从其他网站加载内容）：请把文件放在文档旁边并用相对路径引用", load.place, load.url),
                );
            }
        }
    }

    /// Rewrites one link target: `.md` → page link, relative file → absolute, external as is.
    pub(super) fn resolve(&mut self, dest: &str, offset: usize, image: bool) -> String {
        let (target, fragment) = match dest.split_once('#') {
            Some((t, f)) => (t, Some(f.to_string())),
            None => (dest, None),
        };
        let lower = target.to_ascii_lowercase();
        let external = lower.contains(':') || target.starts_with("//");
        if external {
            let safe = if image {
                scheme::is_safe_image(target)
            } else {
                scheme::is_safe_link(target)
            };
            if !safe {
                self.problem(
                    offset,
                    Severity::Warning,
                    Category::Link,
                    format!("不安全的链接 “{dest}” 已移除"),
                );
                return "#".into();
            }
            return dest.to_string();
        }
        let (line, column) = line_col(self.body, offset);
        let with_fragment = |base: String| match &fragment {
            Some(f) => format!("{base}#{f}"),
            None => base,
        };
        if target.is_empty() {
            self.out.links.push(InternalLink {
                path: String::new(),
                fragment,
                line,
                column,
            });
            return dest.to_string();
        }
        let content_path = if let Some(abs) = target.strip_prefix('/') {
            abs.to_string()
        } else {
            normalize(&format!("{}/{}", self.cx.source_dir, target))
        };
        if target.ends_with(".md") {
            let content_path = content_path.trim_start_matches("content/").to_string();
            return match (self.cx.resolve_doc)(&content_path) {
                Some(path) => {
                    self.out.links.push(InternalLink {
                        path: path.clone(),
                        fragment: fragment.clone(),
                        line,
                        column,
                    });
                    with_fragment(format!("{PAGE_LINK}{path}"))
                }
                None => {
                    self.problem(
                        offset,
                        Severity::Error,
                        Category::Link,
                        format!("链接指向的文档 “{target}” 不存在（content/{content_path}）"),
                    );
                    dest.to_string()
                }
            };
        }
        let is_page = target.ends_with('/') || target.ends_with(".html");
        if target.starts_with('/') && is_page {
            let path = content_path.trim_end_matches("index.html").to_string();
            self.out.links.push(InternalLink {
                path: path.clone(),
                fragment: fragment.clone(),
                line,
                column,
            });
            return with_fragment(format!("{PAGE_LINK}{path}"));
        }
        self.out.files.push(FileLink {
            path: content_path.clone(),
            written: target.to_string(),
            line,
            column,
        });
        with_fragment(format!("{}{}", self.cx.root, content_path))
    }
}
