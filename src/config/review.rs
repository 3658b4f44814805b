//! The review levels a document needs (`review:` in `config.yaml`, overridden per 栏目 in
//! `_index.md`): in order, each with the reviewers allowed to sign it (anyone when none are
//! named).

use serde::Serialize;
use serde_yaml::Value;

/// One level of review (初审, 复审, 终审) and who may sign it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Level {
    /// Its name, as sign-offs name it.
    pub name: String,
    /// Who may sign it; anyone when empty.
    pub by: Vec<String>,
}

impl Level {
    /// Whether `reviewer` may sign this level.
    pub fn allows(&self, reviewer: &str) -> bool {
        self.by.is_empty() || self.by.iter().any(|b| b == reviewer)
    }

    /// `复审（王五、赵六）`, or the bare name when anyone may sign.
    pub fn label(&self) -> String {
        if self.by.is_empty() {
            self.name.clone()
        } else {
            format!("{}（{}）", self.name, self.by.join("、"))
        }
    }
}

/// The levels a document needs, in the order they are signed; none: published without review.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Levels(pub Vec<Level>);

const EXAMPLE: &str = "如 [初审, 复审, 终审]、“初审、复审”，或 none（不需审核）";

impl Levels {
    /// Reads the value of a `review` key: a list of names or of `{level, by}` mappings, names
    /// in one text (`初审、复审、终审`), or `none`/`无`/`false`/`[]` for no review.
    pub fn from_value(value: &Value) -> Result<Levels, String> {
        let levels = match value {
            Value::Null | Value::Bool(false) => Vec::new(),
            Value::String(text) => names_in(text).into_iter().map(level).collect(),
            Value::Sequence(items) => items.iter().map(item).collect::<Result<_, _>>()?,
            other => {
                return Err(format!(
                    "应为审核级别的列表，{EXAMPLE}，实际为{}",
                    crate::diagnostics::positions::describe(other)
                ))
            }
        };
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = levels.iter().find(|l| !seen.insert(l.name.clone())) {
            return Err(format!("审核级别 “{}” 写了两次", twice.name));
        }
        Ok(Levels(levels))
    }

    /// No review needed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The level called `name`.
    pub fn get(&self, name: &str) -> Option<&Level> {
        self.0.iter().find(|l| l.name == name)
    }

    /// `初审、复审、终审`.
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.0.iter().map(|l| l.name.as_str()).collect();
        names.join("、")
    }
}

fn level(name: String) -> Level {
    Level {
        name,
        by: Vec::new(),
    }
}

/// The names of a text: split at `、`, `，`, `,` and spaces; `none`, `无`, `不审核` are none.
fn names_in(text: &str) -> Vec<String> {
    let names: Vec<String> = text
        .split(['、', '，', ',', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    match names.as_slice() {
        [one] if matches!(one.as_str(), "none" | "无" | "不审核") => Vec::new(),
        _ => names,
    }
}

fn item(value: &Value) -> Result<Level, String> {
    let text = |v: &Value| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    match value {
        Value::Mapping(m) => {
            let get = |en: &str, zh: &str| m.get(en).or_else(|| m.get(zh));
            let name = get("level", "级别").and_then(text).ok_or_else(|| {
                "每个审核级别应写 level（级别），如 {level: 终审, by: [王局长]}".to_string()
            })?;
            let by = match get("by", "审核人") {
                None => Vec::new(),
                Some(Value::Sequence(names)) => names.iter().filter_map(text).collect(),
                Some(v) => text(v).map(|t| names_in(&t)).unwrap_or_default(),
            };
            Ok(Level { name, by })
        }
        other => text(other).map(level).ok_or_else(|| {
            format!(
                "每个审核级别应为名称或 {{level, by}}，{EXAMPLE}，实际为{}",
                crate::diagnostics::positions::describe(other)
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<Levels, String> {
        Levels::from_value(&serde_yaml::from_str(yaml).unwrap())
    }

    #[test]
    fn lists_texts_and_none() {
        assert_eq!(
            read("[初审, 复审, 终审]").unwrap().names(),
            "初审、复审、终审"
        );
        assert_eq!(read("初审、复审").unwrap().names(), "初审、复审");
        assert!(read("none").unwrap().is_empty());
        assert!(read("[]").unwrap().is_empty());
        assert!(read("false").unwrap().is_empty());
        let l = read("[初审, {level: 终审, by: [王局长]}]").unwrap();
        assert!(l.get("终审").unwrap().allows("王局长"));
        assert!(!l.get("终审").unwrap().allows("张三"));
        assert!(l.get("初审").unwrap().allows("张三"));
    }

    #[test]
    fn bad_values_say_what_is_expected() {
        assert!(read("3").unwrap_err().contains("[初审, 复审, 终审]"));
        assert!(read("[初审, 初审]").unwrap_err().contains("两次"));
        assert!(read("[{by: 张三}]").unwrap_err().contains("level"));
    }
}
