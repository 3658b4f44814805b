//! 错敏词: the site's word list (`wordlist.yaml` at the site root, a list of `{word, use, note}`)
//! matched over titles, front matter and bodies with one Aho–Corasick automaton (leftmost
//! longest). `use` is the right form; an entry without it names a word that must not appear.
//! A match that is part of its own right form (`香港` inside `中国香港`) is not reported.

use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The file name of the word list at the site root.
pub const FILE: &str = "wordlist.yaml";

/// The starter list `gongkai init` writes: common 规范表述 errors, each with its published source.
pub const STARTER: &str = r#"# 错敏词表：gongkai check 在标题、front matter 和正文中查找下列词语（gongkai build 只告警）。
# 每项：word 为错误或敏感的写法；use 为应使用的写法（不写 use 表示不应出现）；note 为说明。
# 可按本单位的审校规范增删。以下各项注明了公开发布的出处。

# 新华社《新华社新闻信息报道中的禁用词和慎用词》（2016 年 7 月修订），社会生活类第 1 条：
# 对有身体伤疾的人士不使用蔑称。
- {word: 残废人, use: 残疾人, note: 新华社禁用词（2016 年修订）}
- {word: 瞎子, use: 盲人, note: 新华社禁用词（2016 年修订）}
- {word: 聋子, use: 聋人, note: 新华社禁用词（2016 年修订）}
- {word: 弱智, use: 智力障碍者, note: 新华社禁用词（2016 年修订）}

# 同上，国际关系类：不得使用“北朝鲜”；国际组织中有地区成员时不称“成员国”；
# 不使用“穆斯林国家”。
- {word: 北朝鲜, use: 朝鲜, note: 新华社禁用词（2016 年修订）}
- {word: 世界贸易组织成员国, use: 世界贸易组织成员, note: 新华社禁用词（2016 年修订）}
- {word: 亚太经合组织成员国, use: 亚太经合组织成员, note: 新华社禁用词（2016 年修订）}
- {word: 穆斯林国家, use: 伊斯兰国家, note: 新华社禁用词（2016 年修订）}

# 同上，涉及领土主权及港澳台类：不得将海峡两岸和香港并称为“两岸三地”；
# 严禁用“中华民国总统”称呼台湾地区领导人。
- {word: 两岸三地, note: 新华社禁用词（2016 年修订）：应写海峡两岸和香港、澳门}
- {word: 中华民国总统, use: 台湾地区领导人, note: 新华社禁用词（2016 年修订）}

# 同上，时政类：不使用“践行八荣八耻”。
- {word: 践行八荣八耻, use: 践行社会主义荣辱观, note: 新华社禁用词（2016 年修订）}

# 机构名称：国务院的办事机构是国务院办公厅（《国务院关于机构设置的通知》，国发〔2018〕6号）。
- {word: 国务院办公室, use: 国务院办公厅, note: 国发〔2018〕6号}

# 教育部、国家语委《第一批异形词整理表》（GF 1001-2001）的推荐词形。
- {word: 惟一, use: 唯一, note: 第一批异形词整理表（GF 1001-2001）}
"#;

/// One entry of `wordlist.yaml`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WordEntry {
    /// The wrong or sensitive wording.
    pub word: String,
    /// The right form; `None` when the word must not appear at all.
    #[serde(rename = "use", default)]
    pub replacement: Option<String>,
    /// Why, or where the rule is published.
    #[serde(default)]
    pub note: Option<String>,
}

/// The loaded word list with its matcher.
#[derive(Debug, Clone)]
pub struct WordList {
    entries: Vec<WordEntry>,
    matcher: AhoCorasick,
}

/// One match in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'a> {
    /// Byte offset in the line.
    pub start: usize,
    /// The entry matched.
    pub entry: &'a WordEntry,
}

impl WordList {
    /// Builds the matcher for `entries` (empty words are dropped).
    pub fn new(entries: Vec<WordEntry>) -> Option<WordList> {
        let entries: Vec<WordEntry> = entries
            .into_iter()
            .filter(|e| !e.word.trim().is_empty())
            .collect();
        if entries.is_empty() {
            return None;
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries.iter().map(|e| e.word.as_str()))
            .ok()?;
        Some(WordList { entries, matcher })
    }

    /// Reads `root/wordlist.yaml`; `None` when the site has none. Problems go to `diags`.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<WordList> {
        let text = std::fs::read_to_string(root.join(FILE)).ok()?;
        match serde_yaml::from_str::<Option<Vec<WordEntry>>>(&text) {
            Ok(entries) => WordList::new(entries.unwrap_or_default()),
            Err(e) => {
                let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
                diags.push(Diagnostic::error(
                    Path::new(FILE),
                    line,
                    column,
                    format!("错敏词表无效：应为列表，每项写 “- {{word: 其它, use: 其他, note: 说明}}”；{e}"),
                ));
                None
            }
        }
    }

    /// The matches in one line of text.
    pub fn find<'a>(&'a self, line: &str) -> Vec<Match<'a>> {
        self.matcher
            .find_iter(line)
            .map(|m| Match {
                start: m.start(),
                entry: &self.entries[m.pattern().as_usize()],
            })
            .filter(|m| !inside_right_form(line, m.start, m.entry))
            .collect()
    }

    /// The message for a match.
    pub fn message(m: &Match<'_>) -> String {
        let note = m
            .entry
            .note
            .as_deref()
            .map(|n| format!("（{n}）"))
            .unwrap_or_default();
        match &m.entry.replacement {
            Some(right) => format!("错敏词：“{}” 应写作 “{right}”{note}", m.entry.word),
            None => format!("错敏词：不应出现 “{}”{note}", m.entry.word),
        }
    }
}

/// Whether the word at `start` is part of its entry's right form written out in full.
fn inside_right_form(line: &str, start: usize, entry: &WordEntry) -> bool {
    let Some(right) = &entry.replacement else {
        return false;
    };
    right.match_indices(entry.word.as_str()).any(|(k, _)| {
        start
            .checked_sub(k)
            .and_then(|from| line.get(from..from + right.len()))
            == Some(right.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(word: &str, right: Option<&str>) -> WordEntry {
        WordEntry {
            word: word.into(),
            replacement: right.map(str::to_string),
            note: None,
        }
    }

    #[test]
    fn longest_match_wins_and_right_forms_are_quiet() {
        let list = WordList::new(vec![
            entry("残废", Some("残疾")),
            entry("残废人", Some("残疾人")),
            entry("香港", Some("中国香港")),
            entry("瞎子", None),
        ])
        .unwrap();
        let words = |line: &str| -> Vec<&str> {
            list.find(line)
                .iter()
                .map(|m| m.entry.word.as_str())
                .collect()
        };
        assert_eq!(words("关心残废人"), vec!["残废人"]);
        assert_eq!(words("香港地区"), vec!["香港"]);
        assert!(words("中国香港地区").is_empty());
        assert_eq!(words("不得称盲人为瞎子"), vec!["瞎子"]);
    }

    #[test]
    fn the_starter_list_loads() {
        let entries: Vec<WordEntry> = serde_yaml::from_str(STARTER).unwrap();
        assert!(entries.len() >= 10);
        assert!(WordList::new(entries).is_some());
    }

    #[test]
    fn messages_name_the_right_form() {
        let e = entry("其它", Some("其他"));
        let m = Match {
            start: 0,
            entry: &e,
        };
        assert_eq!(WordList::message(&m), "错敏词：“其它” 应写作 “其他”");
    }
}
