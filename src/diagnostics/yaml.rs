//! YAML errors (front matter, `config.yaml`) translated into Chinese messages at file positions.

/// Turns a YAML error into (line, column, Chinese message), with lines counted from
/// `first_line` (the file line of the YAML's first line). When the parser names where the
/// construct it was reading began (an unclosed quote, a list), that place is reported.
pub(crate) fn yaml_error(e: &serde_yaml::Error, first_line: usize) -> (usize, usize, String) {
    let text = e.to_string();
    let (problem, context) = match text.split_once(", while ") {
        Some((p, c)) => (p.to_string(), Some(format!("while {c}"))),
        None => (text.clone(), None),
    };
    let (problem_text, _) = split_mark(&problem);
    let mut line_col = e.location().map(|l| (l.line(), l.column()));
    let mut message = translate_yaml(&problem_text);
    if let Some(context) = context {
        let (context_text, mark) = split_mark(&context);
        if let Some(mark) = mark {
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
    const KNOWN: &[(&str, &str)] = &[
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_quote_is_reported_where_it_opened() {
        let e = serde_yaml::from_str::<serde_yaml::Value>("a: 1\nb: \"x\nc: 2\n").unwrap_err();
        let (line, _, message) = yaml_error(&e, 2);
        assert_eq!(line, 3, "{message}");
        assert!(message.starts_with("引号没有闭合"), "{message}");
    }
}
