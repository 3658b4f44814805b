//! JSON-LD for document pages (schema.org): `Legislation` for 规范性文件 (文号, 发布机构, 成文日期,
//! legal force in force or not, the documents it changes), `GovernmentService` for 办事指南, else
//! `Article`. Inlined in `<script type="application/ld+json">`, a data block the strict CSP
//! allows; `<`, `>` and `&` are written as `\u003c` … so no value can close the element.

use serde_json::{json, Map, Value};

use super::validity::is_normative;
use super::Lifecycle;
use crate::content::tree::Site;

/// The JSON-LD of document `d`, ready to inline.
pub fn document(site: &Site, lifecycle: &Lifecycle, d: usize, summary: &str) -> String {
    let doc = &site.docs[d];
    let m = &doc.source.meta;
    let state = lifecycle.state(d);
    let url = absolute(site, &doc.path);
    let issuer = json!({"@type": "GovernmentOrganization", "name": m.issuer});
    let genre = m.genre.as_deref().unwrap_or_default();
    let mut v: Map<String, Value> = Map::new();
    v.insert("@context".into(), json!("https://schema.org"));
    if is_normative(m) {
        v.insert("@type".into(), json!("Legislation"));
        v.insert("name".into(), json!(m.title));
        v.insert("legislationType".into(), json!("规范性文件"));
        v.insert("legislationPassedBy".into(), issuer);
        v.insert(
            "legislationDate".into(),
            json!(m.written_on.unwrap_or(m.date).ymd()),
        );
        let force = if state.invalid() {
            "https://schema.org/NotInForce"
        } else {
            "https://schema.org/InForce"
        };
        v.insert("legislationLegalForce".into(), json!(force));
        if let Some(no) = &m.doc_no {
            v.insert("legislationIdentifier".into(), json!(no));
        }
        let changes: Vec<Value> = lifecycle
            .relations
            .outgoing
            .get(d)
            .into_iter()
            .flatten()
            .filter(|e| e.kind != super::relations::Kind::Interprets)
            .map(|e| {
                let t = &site.docs[e.to];
                json!({"@type": "Legislation", "name": t.source.meta.title, "url": absolute(site, &t.path)})
            })
            .collect();
        if !changes.is_empty() {
            v.insert("legislationChanges".into(), Value::Array(changes));
        }
    } else if genre.contains("办事") || genre.contains("服务指南") {
        v.insert("@type".into(), json!("GovernmentService"));
        v.insert("name".into(), json!(m.title));
        v.insert("provider".into(), issuer);
        v.insert("serviceType".into(), json!(genre));
    } else {
        v.insert("@type".into(), json!("Article"));
        v.insert("headline".into(), json!(m.title));
        v.insert("author".into(), issuer.clone());
        v.insert("publisher".into(), issuer);
    }
    v.insert("url".into(), json!(url));
    v.insert("inLanguage".into(), json!("zh-CN"));
    v.insert("datePublished".into(), json!(m.date.iso()));
    if let Some(no) = &m.index_no {
        v.insert("identifier".into(), json!(no));
    }
    if !summary.is_empty() {
        v.insert("description".into(), json!(summary));
    }
    if !m.keywords.is_empty() {
        v.insert("keywords".into(), json!(m.keywords.join(",")));
    }
    if !m.topics.is_empty() {
        v.insert("about".into(), json!(m.topics));
    }
    if let Some(until) = state.valid_until.or(state.since) {
        v.insert("expires".into(), json!(until.ymd()));
    }
    inline(&Value::Object(v))
}

/// A page's address: absolute with `base_url`, else site-absolute.
pub fn absolute(site: &Site, path: &str) -> String {
    site.config
        .permalink(path)
        .unwrap_or_else(|| format!("{}{path}", site.config.root))
}

/// JSON text safe inside `<script>`: `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026`.
pub fn inline(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_end_cannot_break_out() {
        let text = inline(&json!({"name": "</script><script>alert(1)</script>&"}));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script>&");
    }
}
