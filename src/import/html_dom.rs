//! What the page reader asks of a parsed page's nodes: element names, what is never document
//! text (scripts, hidden blocks, Office XML), block or inline, alignment and weight from
//! attributes and styles, attachment links, data tables versus layout tables.

use ego_tree::NodeRef;
use scraper::Node;

use super::model::Align;

/// A node of the parsed page.
pub(super) type NodeR<'a> = NodeRef<'a, Node>;

/// The node as an element, if it is one.
pub(super) fn element(node: NodeR<'_>) -> Option<&scraper::node::Element> {
    node.value().as_element()
}

/// The element's name (`""` for text and other nodes).
pub(super) fn name(node: NodeR<'_>) -> &str {
    element(node).map_or("", |e| e.name())
}

/// The value of an element's attribute (of no namespace), as `Element::attr` gives it. Found by
/// comparing names: `Element::attr` first interns its argument as an atom, which costs more than
/// the look-up itself (under a lock shared by all threads for a name outside html5ever's list,
/// such as `ng-cloak` or `aria-hidden`), and the page reader asks every element of a page for
/// several attributes, again for each of its descendants.
pub(crate) fn attr<'a>(el: &'a scraper::node::Element, attr_name: &str) -> Option<&'a str> {
    el.attrs
        .iter()
        .find(|(q, _)| q.prefix.is_none() && q.ns.is_empty() && &*q.local == attr_name)
        .map(|(_, value)| &**value)
}

/// Elements whose content is never document text.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "iframe", "object", "embed", "form", "input", "button",
    "select", "textarea", "nav", "svg", "canvas", "template", "head", "xml", "video", "audio",
    "map",
];

/// Whether a node's content is never document text: one of [`SKIPPED_TAGS`], Office XML, or
/// hidden.
pub(super) fn is_skipped(node: NodeR<'_>) -> bool {
    let Some(el) = element(node) else {
        return false;
    };
    let n = el.name();
    if n == "form" {
        return !is_wrapper_form(node) || is_hidden(el);
    }
    if SKIPPED_TAGS.contains(&n)
        || n.starts_with("w:")
        || n.starts_with("m:")
        || n.starts_with("v:")
    {
        return true;
    }
    is_hidden(el)
}

/// A `<form>` that only wraps text (`<form name="_newscontent_fromname">` around the article of
/// the 博达 VSB CMS): no address to send to and no field, button or list to fill in.
fn is_wrapper_form(node: NodeR<'_>) -> bool {
    element(node).is_some_and(|e| e.attr("action").is_none())
        && !node
            .descendants()
            .any(|d| matches!(name(d), "input" | "select" | "textarea" | "button"))
}

/// Whether an element is hidden by its attributes or its style. Asked of every ancestor of every
/// node the reader looks at, so it reads the element's attributes in one pass and allocates
/// nothing.
pub(super) fn is_hidden(el: &scraper::node::Element) -> bool {
    el.attrs.iter().any(|(q, value)| {
        if q.prefix.is_some() || !q.ns.is_empty() {
            return false;
        }
        match &*q.local {
            "hidden" => true,
            "aria-hidden" => &**value == "true",
            // A page saved from a JavaScript framework keeps the copies it hid (AngularJS
            // `ng-hide`, the `*-cloak` attributes hiding unrendered templates).
            "ng-cloak" | "v-cloak" | "x-cloak" => true,
            "class" => value
                .split_ascii_whitespace()
                .any(|c| matches!(c, "ng-hide" | "ng-cloak")),
            "style" => style_hides(value),
            _ => false,
        }
    })
}

/// Whether an inline style hides its element: `display:none` or `visibility:hidden` in it once
/// white space is removed and ASCII letters are lower-cased. Most styles do not hold the letters
/// of either in order, which is told on the bytes without making that copy.
fn style_hides(style: &str) -> bool {
    const HIDING: [&str; 2] = ["display:none", "visibility:hidden"];
    let letters_in_order = |needle: &str| {
        let mut wanted = needle.bytes().peekable();
        for b in style.bytes() {
            if wanted.peek() == Some(&b.to_ascii_lowercase()) {
                wanted.next();
            }
        }
        wanted.peek().is_none()
    };
    if !HIDING.iter().any(|n| letters_in_order(n)) {
        return false;
    }
    let squeezed: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    HIDING.iter().any(|n| squeezed.contains(n))
}

/// Whether an element acts as a link through a script (`onclick`, AngularJS `ng-click`, Vue
/// `v-on:click`/`@click`): lists of such items are navigation, like lists of links.
pub(super) fn is_clickable(el: &scraper::node::Element) -> bool {
    ["onclick", "ng-click", "v-on:click", "@click", "data-href"]
        .iter()
        .any(|a| attr(el, a).is_some())
}

/// Whether the element's class or id names one of `words`: as a part of a name split at
/// spaces, `-` and `_` (`whole`), or anywhere in it.
pub(super) fn names_itself(el: &scraper::node::Element, words: &[&str], whole: bool) -> bool {
    [attr(el, "class"), attr(el, "id")]
        .into_iter()
        .flatten()
        .any(|v| {
            let v = v.to_ascii_lowercase();
            words.iter().any(|w| {
                if whole {
                    v.split([' ', '-', '_']).any(|p| p == *w)
                } else {
                    v.contains(w)
                }
            })
        })
}

/// Whether the node sits inside something [`is_skipped`].
pub(super) fn inside_skipped(node: NodeR<'_>) -> bool {
    node.ancestors().any(is_skipped)
}

/// Whether an element of this name starts a new block of text.
pub(super) fn is_block(n: &str) -> bool {
    BLOCK_TAGS.contains(&n)
}

/// Elements that start a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "td",
    "th",
    "tr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "center",
    "pre",
    "dl",
    "dt",
    "dd",
    "header",
    "footer",
    "aside",
    "main",
    "figure",
    "figcaption",
    "body",
    "html",
    "hr",
    "address",
    "caption",
];

/// Text with HTML whitespace collapsed; U+3000 and no-break spaces kept (trimmed later).
pub(super) fn collapse(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            space = true;
        } else {
            if space && !s.is_empty() {
                s.push(' ');
            }
            space = false;
            s.push(c);
        }
    }
    if space && !s.is_empty() {
        s.push(' ');
    }
    s
}

/// Alignment from `style="text-align: …"` or the old `align` attribute.
pub(super) fn align_of(el: &scraper::node::Element) -> Option<Align> {
    let from_style = attr(el, "style").and_then(|s| {
        let s = s.to_ascii_lowercase();
        let i = s.find("text-align")?;
        let v = s[i + "text-align".len()..].trim_start_matches([' ', ':']);
        Some(v.split([';', ' ', '!']).next().unwrap_or("").to_string())
    });
    let v = from_style.or_else(|| attr(el, "align").map(|a| a.to_ascii_lowercase()))?;
    match v.as_str() {
        "center" => Some(Align::Center),
        "right" | "end" => Some(Align::End),
        "left" | "justify" | "start" => Some(Align::Start),
        _ => None,
    }
}

/// `<b>`, `<strong>` or a bold `font-weight`.
pub(super) fn is_bold(el: &scraper::node::Element) -> bool {
    matches!(el.name(), "b" | "strong")
        || attr(el, "style").is_some_and(|s| {
            let s = s.to_ascii_lowercase().replace(' ', "");
            s.contains("font-weight:bold") || s.contains("font-weight:700")
        })
}

/// Link targets that are attachments rather than pages.
pub(super) const ATTACHMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ppt", "pptx", "ofd", "zip", "rar", "7z",
    "txt", "csv",
];

/// The extension of a link target, lower case, ignoring query and fragment.
pub(super) fn extension(href: &str) -> Option<String> {
    let path = href.split(['?', '#']).next()?;
    let last = path.rsplit('/').next()?;
    let (_, ext) = last.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// A table used for page layout rather than data: it holds another table, a single cell, a cell
/// of running text (over 600 characters), or cells of several paragraphs — unless it is a grid
/// (three rows or more of two cells or more, most cells short), as a table of indicators whose
/// 说明 column holds paragraphs is.
pub(super) fn is_layout_table(node: NodeR<'_>) -> bool {
    let cells: Vec<NodeR<'_>> = node
        .descendants()
        .filter(|n| matches!(name(*n), "td" | "th"))
        .collect();
    if node.descendants().skip(1).any(|n| name(n) == "table") || cells.len() <= 1 {
        return true;
    }
    let text_of = |c: &NodeR<'_>| -> usize {
        c.descendants()
            .filter_map(|n| n.value().as_text().map(|t| t.trim().chars().count()))
            .sum()
    };
    let rows = node
        .descendants()
        .filter(|n| name(*n) == "tr")
        .filter(|r| {
            r.children()
                .filter(|c| matches!(name(*c), "td" | "th"))
                .count()
                >= 2
        })
        .count();
    if cells.iter().any(|c| text_of(c) > 600) {
        return true;
    }
    let short = cells.iter().filter(|c| text_of(c) <= 60).count();
    if rows >= 3 && short * 2 >= cells.len() {
        return false;
    }
    cells
        .iter()
        .any(|c| c.descendants().filter(|n| name(*n) == "p").count() >= 3)
}
