//! A small element tree over quick-xml, enough to walk the parts of a `.docx`. Names are kept
//! without their namespace prefix (`w:p` → `p`); nesting is bounded so hostile input cannot
//! exhaust the stack of the walkers.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// Deepest element nesting accepted.
const MAX_DEPTH: usize = 256;

/// An XML element.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Local name (`p` for `w:p`).
    pub name: String,
    /// Attributes by local name, in document order.
    pub attrs: Vec<(String, String)>,
    /// Child nodes.
    pub children: Vec<Node>,
}

/// A node of the tree.
#[derive(Debug, Clone)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// Character data.
    Text(String),
}

impl Element {
    /// The value of an attribute by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// `w:val` of a child element (`<w:jc w:val="center"/>` → `center`).
    pub fn child_val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr("val"))
    }

    /// The first descendant element with this name (depth first).
    pub fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(found) = e.find(name) {
                return Some(found);
            }
        }
        None
    }

    /// The descendant elements with this name, in document order, not looking inside a match.
    pub fn find_all(&self, name: &str) -> Vec<&Element> {
        let mut found = Vec::new();
        for e in self.elements() {
            if e.name == name {
                found.push(e);
            } else {
                found.extend(e.find_all(name));
            }
        }
        found
    }

    /// Character data of this element and its descendants.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        s
    }

    fn collect_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

fn local(name: &str) -> String {
    name.rsplit_once(':').map_or(name, |(_, l)| l).to_string()
}

fn start(e: &BytesStart<'_>) -> Element {
    let attrs = e
        .attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            (local(a.key.as_ref()), value)
        })
        .collect();
    Element {
        name: local(e.name().as_ref()),
        attrs,
        children: Vec::new(),
    }
}

/// Appends text to the open element, joining it to text just before (entities split text).
fn push_text(stack: &mut [Element], text: &str) {
    let Some(top) = stack.last_mut() else { return };
    if let Some(Node::Text(last)) = top.children.last_mut() {
        last.push_str(text);
    } else {
        top.children.push(Node::Text(text.to_string()));
    }
}

/// Parses a document into its root element.
pub fn parse(xml: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML 无法解析（位置 {}）：{e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("XML 嵌套超过 {MAX_DEPTH} 层"));
                }
                stack.push(start(&e));
            }
            Event::Empty(e) => {
                let el = start(&e);
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Element(el));
                }
            }
            Event::End(_) if stack.len() > 1 => {
                let done = stack.pop().unwrap_or_default();
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Element(done));
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml_content(XmlVersion::Implicit1_0)),
            Event::CData(t) => push_text(&mut stack, &t.xml_content(XmlVersion::Implicit1_0)),
            // `&lt;`, `&#12288;`: predefined entities and character references; others are
            // kept as written.
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => resolve_predefined_entity(&r)
                        .map_or_else(|| format!("&{};", &*r), str::to_string),
                };
                push_text(&mut stack, &text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Close anything left open (truncated input) so the tree is still usable.
    while stack.len() > 1 {
        let done = stack.pop().unwrap_or_default();
        if let Some(top) = stack.last_mut() {
            top.children.push(Node::Element(done));
        }
    }
    let root = stack.pop().unwrap_or_default();
    root.children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "XML 中没有元素".to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_lose_their_prefix() {
        let root = super::parse(r#"<w:p xmlns:w="x"><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>一、总则</w:t></w:r></w:p>"#).unwrap();
        assert_eq!(root.name, "p");
        assert_eq!(root.child("pPr").unwrap().child_val("jc"), Some("center"));
        assert_eq!(root.text(), "一、总则");
    }

    #[test]
    fn entities_are_resolved() {
        let root =
            super::parse("<t a=\"&lt;x&gt;\">印发&lt;方案&gt;的通知&#12288;&amp;&unknown;</t>")
                .unwrap();
        assert_eq!(root.text(), "印发<方案>的通知\u{3000}&&unknown;");
        assert_eq!(root.attr("a"), Some("<x>"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let xml = "<a>".repeat(1000);
        assert!(super::parse(&xml).is_err());
    }
}
