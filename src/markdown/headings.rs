//! Pass: headings. The page's `<h1>` is the title, so a first heading that repeats it is
//! dropped and body headings move down a level; every heading gets an id for 目录导读.

use super::*;

impl<'b> Pass<'b, '_> {
    /// The page's `<h1>` is the title: a first heading that repeats it is dropped, and when the body
    /// uses `#` headings of its own, every body heading moves one level down.
    pub(super) fn top_headings(&mut self, mut events: Vec<Ev<'b>>) -> Vec<Ev<'b>> {
        if let Some((Event::Start(Tag::Heading { .. }), _)) = events.first() {
            let end = find_end(&events, 0);
            let text = plain_text(&events[1..end]);
            let title = self.cx.title.trim();
            if !title.is_empty() && text.trim() == title {
                events.drain(0..=end);
            }
        }
        let has_h1 = events.iter().any(|(e, _)| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        });
        if has_h1 {
            for (e, _) in &mut events {
                match e {
                    Event::Start(Tag::Heading { level, .. }) => {
                        *level = heading_level(*level as u8 + 1)
                    }
                    Event::End(TagEnd::Heading(level)) => *level = heading_level(*level as u8 + 1),
                    _ => {}
                }
            }
        }
        events
    }

    /// Gives every heading a stable, unique, readable id and collects the heading list.
    pub(super) fn headings(&mut self, events: &mut [Ev<'b>]) {
        let mut used: HashSet<String> = self.out.ids.iter().cloned().collect();
        let mut i = 0;
        let mut previous_level = 1;
        while i < events.len() {
            let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
                i += 1;
                continue;
            };
            let level = *level as u8;
            let explicit = id.as_ref().map(|s| s.to_string());
            let end = find_end(events, i);
            let title = plain_text(&events[i + 1..end]).trim().to_string();
            let base = explicit.unwrap_or_else(|| toc::slugify(&title));
            let mut unique = base.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            let mut dropped = Vec::new();
            if let Event::Start(Tag::Heading { id, attrs, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
                // `{#id .class}` only: `onclick=…`, `style=…`, `href=…` would reach the page as
                // they are (the sanitiser runs only over bodies with raw HTML).
                dropped.extend(attrs.drain(..).map(|(k, _)| k.to_string()));
            }
            if !dropped.is_empty() {
                self.problem(events[i].1.start, Severity::Warning, Category::Content,
                    format!(
                        "标题属性 {} 已移除：标题后的花括号中只能写锚点和类名，如 {{#lxfs .zhongdian}}",
                        dropped.join("、")
                    ),
                );
            }
            if level > previous_level + 1 {
                self.problem(
                    events[i].1.start,
                    Severity::Warning,
                    Category::Accessibility,
                    format!("标题层级跳级：从 {previous_level} 级直接到 {level} 级，应逐级使用"),
                );
            }
            previous_level = level;
            self.out.ids.push(unique.clone());
            self.out.headings.push(Heading {
                level,
                id: unique,
                title,
            });
            i = end + 1;
        }
    }
}

pub(super) fn heading_level(level: u8) -> HeadingLevel {
    match level {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}
