//! YAML errors (front matter, `config.yaml`) translated into Chinese messages at file positions.

/// Turns a YAML error in `text` into (line, column, Chinese message), with lines counted from
/// `first_line` (the file line of the YAML's first line). When the parser names where the
/// construct it was reading began (an unclosed quote, a list), that place is reported; else the
/// place of the problem.
pub(crate) fn yaml_error(
    e: &serde_yaml::Error,
    text: &str,
    first_line: usize,
) -> (usize, usize, String) {
    let full = e.to_string();
    let (problem, context) = match full.split_once(", while ") {
        Some((p, c)) => (p.to_string(), Some(format!("while {c}"))),
        None => (full.clone(), None),
    };
    let (problem_text, _) = split_mark(&problem);
    let mut line_col = e.location().map(|l| (l.line(), l.column()));
    // `control characters are not allowed at position 5`: a byte offset, the only place given.
    let (problem_text, position) = match problem_text.rsplit_once(" at position ") {
        Some((p, n)) => (p.to_string(), n.trim().parse::<usize>().ok()),
        None => (problem_text, None),
    };
    if let Some(offset) = position {
        line_col = Some(super::line_col(text, offset));
    }
    let mut message = translate_yaml(&problem_text);
    if let Some(context) = context {
        let (context_text, mark) = split_mark(&context);
        const OPENED: [&str; 3] = [
            "while scanning a quoted scalar",
            "while parsing a flow sequence",
            "while parsing a flow mapping",
        ];
        if let Some(mark) = mark.filter(|_| OPENED.contains(&context_text.as_str())) {
            line_col = Some(mark);
        }
        message = format!("{}（{}）", translate_yaml(&context_text), message);
    }
    let (line, column) = line_col.map_or((0, 0), |(l, c)| (l + first_line - 1, c));
    (line, column, message)
}

/// Splits `problem at line 3 column 9` into the text and the mark.
fn split_mark(text: &str) -> (String, Option<(usize, usize)>) {
    match text.rsplit_once(" at line ") {
        Some((t, mark)) => {
            let mut nums = mark
                .split(" column ")
                .map(|n| n.trim().parse::<usize>().ok());
            let mark = match (nums.next().flatten(), nums.next().flatten()) {
                (Some(l), Some(c)) => Some((l, c)),
                _ => None,
            };
            (t.to_string(), mark)
        }
        None => (text.to_string(), None),
    }
}

fn translate_yaml(problem: &str) -> String {
    if let Some(message) = translate_data(problem) {
        return message;
    }
    const KNOWN: &[(&str, &str)] = &[
        ("while scanning a plain scalar", "值没有正确结束"),
        (
            "repetition limit exceeded",
            "别名展开后过大：锚点（&名称）被别名（*名称）层层反复引用；请直接写出值",
        ),
        (
            "recursion limit exceeded",
            "嵌套层数过多：列表或映射套了太多层",
        ),
        (
            "control characters are not allowed",
            "含有不可见的控制字符（如 NUL）：请删除",
        ),
        (
            "while scanning a quoted scalar",
            "引号没有闭合：应在值的末尾补上对应的引号",
        ),
        (
            "while parsing a flow sequence",
            "方括号列表没有正确结束：应为 [项1, 项2]",
        ),
        (
            "while parsing a flow mapping",
            "花括号映射没有正确结束：应为 {键: 值}",
        ),
        (
            "while parsing a block mapping",
            "缩进不一致：同一层的键应左对齐",
        ),
        (
            "while scanning a simple key",
            "缺少 “:”：每行应写成 “键: 值”",
        ),
        (
            "found unexpected end of stream",
            "到 front matter 结束时仍未闭合",
        ),
        ("did not find expected ',' or ']'", "缺少 “,” 或 “]”"),
        ("did not find expected ',' or '}'", "缺少 “,” 或 “}”"),
        ("did not find expected key", "此处应为 “键: 值”"),
        (
            "mapping values are not allowed in this context",
            "此处不能出现 “键: 值”：值中含有冒号时请给整个值加引号",
        ),
        (
            "found character that cannot start any plain scalar",
            "值以不能开头的字符开始（如 @ 或 `）：请给值加引号",
        ),
        (
            "found a tab character that violates indentation",
            "缩进中有制表符：请改用空格",
        ),
        ("duplicate entry with key", "同一个键出现了两次"),
    ];
    for (en, zh) in KNOWN {
        if let Some(rest) = problem.strip_prefix(en) {
            let rest = rest.trim();
            return if rest.is_empty() {
                zh.to_string()
            } else {
                format!("{zh} {rest}")
            };
        }
    }
    problem.to_string()
}

/// A value of the wrong kind (serde's `invalid type: sequence, expected a string`, `missing
/// field`, `unknown field`, …) in Chinese, after the key path serde puts first (`page_size: `).
fn translate_data(problem: &str) -> Option<String> {
    const KINDS: [&str; 6] = [
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
        "missing field ",
        "unknown field ",
        "duplicate field ",
    ];
    let (at, kind) = (KINDS.iter())
        .filter_map(|k| problem.find(k).map(|i| (i, *k)))
        .min()?;
    let path = problem[..at].trim_end_matches(": ");
    let rest = &problem[at + kind.len()..];
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or(s).to_string();
    let message = match kind {
        "missing field " => format!("缺少 “{}”", quoted(rest)),
        "duplicate field " => format!("“{}” 出现了两次", quoted(rest)),
        "unknown field " => {
            let (key, known) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let key = quoted(key);
            let known: Vec<String> = known.split(", ").map(quoted).collect();
            let closest = (known.iter())
                .map(|k| (crate::text::edit_distance(&key, k), k))
                .filter(|(d, _)| *d <= 2)
                .min();
            match closest {
                Some((_, k)) => format!("未知的键 “{key}”：是否想写 {k}？"),
                None => format!("未知的键 “{key}”：应为 {} 之一", known.join("、")),
            }
        }
        _ => {
            let (found, expected) = rest.split_once(", expected ")?;
            let found = match kind {
                "invalid length " => format!("{found} 项"),
                _ => found_kind(found),
            };
            // A space between a Chinese word and one in Latin letters: 应为 true 或 false.
            let spaced = |s: String| match s.starts_with(|c: char| c.is_ascii()) {
                true => format!(" {s}"),
                false => s,
            };
            format!(
                "应为{}，实际为{}",
                spaced(expected_kind(expected)),
                spaced(found)
            )
        }
    };
    Some(if path.is_empty() {
        message
    } else {
        format!("{path}: {message}")
    })
}

/// `sequence`, `string "abc"`, `integer `5`` as 列表, 文本 “abc”, 整数 5.
fn found_kind(found: &str) -> String {
    let value = |s: &str| {
        let v = s.trim_matches(['`', '"']);
        let mut v: String = v.chars().take(30).collect();
        if s.chars().count() > 32 {
            v.push('…');
        }
        v
    };
    match found.split_once(' ') {
        _ if found == "sequence" => "列表".into(),
        _ if found == "map" => "映射（键: 值）".into(),
        _ if found == "unit value" => "空值".into(),
        Some(("string", v)) => format!("文本 “{}”", value(v)),
        Some(("integer", v)) => format!("整数 {}", value(v)),
        Some(("floating", v)) => format!("小数 {}", value(v.trim_start_matches("point "))),
        Some(("boolean", v)) => value(v),
        _ => found.to_string(),
    }
}

/// `a string`, `usize`, `struct Contact` as 文本, 不小于 0 的整数, 映射（键: 值）.
fn expected_kind(expected: &str) -> String {
    match expected {
        "a string" => "文本".into(),
        "a boolean" => "true 或 false".into(),
        "a sequence" => "列表".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "不小于 0 的整数".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "整数".into(),
        "f32" | "f64" => "数字".into(),
        e if e.starts_with("struct ") || e == "a map" => "映射（键: 值）".into(),
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_quote_is_reported_where_it_opened() {
        let text = "a: 1\nb: \"x\nc: 2\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let (line, _, message) = yaml_error(&e, text, 2);
        assert_eq!(line, 3, "{message}");
        assert!(message.starts_with("引号没有闭合"), "{message}");
    }

    fn message_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(
        text: &str,
    ) -> (usize, usize, String) {
        let e = serde_yaml::from_str::<T>(text).unwrap_err();
        yaml_error(&e, text, 1)
    }

    #[test]
    fn problems_are_told_in_chinese_where_they_are() {
        let tab = message_of::<serde_yaml::Value>("title: 测试\n\tissuer: x\n");
        assert_eq!((tab.0, tab.1), (2, 1), "the tab, not the title: {}", tab.2);
        assert!(tab.2.contains("制表符"), "{}", tab.2);
        let nul = message_of::<serde_yaml::Value>("a: 1\nb: \"x\0\"\n");
        assert_eq!((nul.0, nul.1), (2, 6), "{}", nul.2);
        assert!(nul.2.contains("控制字符"), "{}", nul.2);
        let bomb = "a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n";
        let bomb = (2..7).fold(bomb.to_string(), |y, n| {
            let (name, prev) = ((b'a' + n) as char, (b'a' + n - 1) as char);
            format!(
                "{y}{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            )
        });
        assert!(message_of::<serde_yaml::Value>(&bomb)
            .2
            .starts_with("别名展开后过大"));
        for message in [tab.2, nul.2] {
            assert!(
                !message.chars().any(|c| c.is_ascii_lowercase()),
                "{message}"
            );
        }
    }

    #[test]
    fn wrong_kinds_of_values_are_told_in_chinese() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Config {
            title: Option<String>,
            page_size: Option<usize>,
            numbering: Option<bool>,
            links: Option<Vec<Link>>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Link {
            url: String,
        }
        for (text, expected) in [
            ("title: [a]\n", "title: 应为文本，实际为列表"),
            (
                "page_size: -5\n",
                "page_size: 应为不小于 0 的整数，实际为整数 -5",
            ),
            (
                "page_size: abc\n",
                "page_size: 应为不小于 0 的整数，实际为文本 “abc”",
            ),
            (
                "numbering: maybe\n",
                "numbering: 应为 true 或 false，实际为文本 “maybe”",
            ),
            ("links: [{}]\n", "links[0]: 缺少 “url”"),
            ("links: 5\n", "links: 应为列表，实际为整数 5"),
            ("titel: x\n", "未知的键 “titel”：是否想写 title？"),
            ("title: a\ntitle: b\n", "“title” 出现了两次"),
        ] {
            assert_eq!(message_of::<Config>(text).2, expected, "{text}");
        }
    }
}
