//! Pass: a line break inside a paragraph between two CJK characters is dropped (CommonMark
//! would turn it into a space between Chinese characters).

use super::*;

impl<'b> Pass<'b, '_> {
    /// A soft line break between two CJK characters is dropped instead of becoming a space.
    pub(super) fn cjk_breaks(&mut self, events: Vec<Ev<'b>>) -> Vec<Ev<'b>> {
        let mut out: Vec<Ev<'b>> = Vec::with_capacity(events.len());
        let mut iter = events.into_iter().peekable();
        while let Some((event, range)) = iter.next() {
            if let Event::SoftBreak = event {
                let before = out.last().and_then(|(e, _)| last_char(e));
                let after = iter.peek().and_then(|(e, _)| first_char(e));
                if let (Some(a), Some(b)) = (before, after) {
                    if is_cjk(a) || is_cjk(b) {
                        continue;
                    }
                }
            }
            out.push((event, range));
        }
        out
    }
}
