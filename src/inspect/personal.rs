//! 个人信息: unmasked 18-digit 居民身份证号 (valid region prefix, birth date and check digit,
//! GB 11643), mobile numbers (`1[3-9]` and 9 digits) and bank card numbers (16–19 digits passing
//! Luhn, with a card prefix or a 卡号/账号 label nearby), each with the masked form to use.
//!
//! Full-width digits count as digits and zero-width characters inside a number are skipped, so
//! `１３８１２３４５６７８` is found; numbers glued to letters, `/`, `.`, `_`, `%` (索引号, URLs,
//! decimals) and amounts (`…元`, `￥…`) are not numbers of a person. Landlines with an area code
//! start with 0 and never match. A site can allow given numbers (`inspection.allow`).

use std::collections::HashSet;

use serde::Serialize;

/// What kind of number was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 居民身份证号
    IdCard,
    /// 手机号码
    Mobile,
    /// 银行卡号
    BankCard,
}

impl Kind {
    /// The Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::IdCard => "居民身份证号",
            Kind::Mobile => "手机号码",
            Kind::BankCard => "银行卡号",
        }
    }
}

/// One unmasked number in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Kind of number.
    pub kind: Kind,
    /// Byte range of the number as written (separators included).
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// The masked form to write instead (`138****1234`).
    pub masked: String,
}

/// A run of digits (with inner single spaces or hyphens) found in a text.
struct Run {
    /// Groups between separators: (start byte, end byte, ASCII digits).
    groups: Vec<(usize, usize, String)>,
}

/// Finds every unmasked number in `text`, except those in `allow` (digits only, `X` upper case).
pub fn find(text: &str, allow: &HashSet<String>) -> Vec<Hit> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        let (run, next) = read_run(&chars, i);
        let before = visible_before(&chars, i);
        let after = chars.get(next).map(|&(_, c)| c);
        let after2 = chars.get(next + 1).map(|&(_, c)| c);
        if !glued(before, after, after2) {
            let whole: String = run.groups.iter().map(|g| g.2.as_str()).collect();
            let start = run.groups[0].0;
            let end = run.groups[run.groups.len() - 1].1;
            let lengths: Vec<usize> = run.groups.iter().map(|g| g.2.len()).collect();
            let context = &text[text.floor_char_boundary(start.saturating_sub(30))..start];
            let unit = chars[next..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !matches!(c, ' ' | '\u{3000}'));
            let amount = is_amount(before, unit);
            match classify(&whole, &lengths, context, amount) {
                Some(kind) => push(&mut hits, allow, kind, start, end, &whole),
                None if run.groups.len() > 1 => {
                    for (s, e, digits) in &run.groups {
                        if let Some(kind) = classify(digits, &[digits.len()], context, amount) {
                            push(&mut hits, allow, kind, *s, *e, digits);
                        }
                    }
                }
                None => {}
            }
        }
        i = next.max(i + 1);
    }
    hits
}

fn push(
    hits: &mut Vec<Hit>,
    allow: &HashSet<String>,
    kind: Kind,
    start: usize,
    end: usize,
    digits: &str,
) {
    if !allow.contains(digits) {
        hits.push(Hit {
            kind,
            start,
            end,
            masked: mask(kind, digits),
        });
    }
}

/// The ASCII digit of `c` (`0`–`9` or full-width `０`–`９`).
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

fn zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// Reads digits from `chars[i]` on: groups separated by one space or hyphen between digits, and
/// a final `X` after 17 digits (ID numbers). Returns the run and the index after it.
fn read_run(chars: &[(usize, char)], mut i: usize) -> (Run, usize) {
    let mut groups: Vec<(usize, usize, String)> = Vec::new();
    let mut current = (chars[i].0, chars[i].0, String::new());
    while i < chars.len() {
        let (at, c) = chars[i];
        if let Some(d) = digit(c) {
            current.2.push(d);
            current.1 = at + c.len_utf8();
            i += 1;
        } else if zero_width(c) {
            i += 1;
        } else if matches!(c, ' ' | '-')
            && chars.get(i + 1).is_some_and(|&(_, n)| digit(n).is_some())
        {
            groups.push(std::mem::replace(
                &mut current,
                (chars[i + 1].0, chars[i + 1].0, String::new()),
            ));
            i += 1;
        } else if matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ') && current.2.len() == 17 {
            current.2.push('X');
            current.1 = at + c.len_utf8();
            i += 1;
            break;
        } else {
            break;
        }
    }
    groups.push(current);
    (Run { groups }, i)
}

fn visible_before(chars: &[(usize, char)], i: usize) -> Option<char> {
    chars[..i]
        .iter()
        .rev()
        .map(|&(_, c)| c)
        .find(|&c| !zero_width(c))
}

/// A digit run glued to letters, paths, decimals or percent signs is a code, not a number.
fn glued(before: Option<char>, after: Option<char>, after2: Option<char>) -> bool {
    let code = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '%' | '=' | '&' | '#' | '\\')
    };
    before.is_some_and(|c| code(c) || matches!(c, '.' | '-' | '+'))
        || after.is_some_and(code)
        || (after == Some('.') && after2.is_some_and(|c| digit(c).is_some()))
}

fn is_amount(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(|c| matches!(c, '¥' | '￥' | '$'))
        || after.is_some_and(|c| matches!(c, '元' | '万' | '亿' | '千' | '百' | '％' | '‰' | '吨'))
}

fn classify(digits: &str, groups: &[usize], context: &str, amount: bool) -> Option<Kind> {
    let n = digits.len();
    if n == 18 && matches!(groups, [18] | [6, 8, 4]) && id_valid(digits) {
        return Some(Kind::IdCard);
    }
    if amount || digits.contains('X') {
        return None;
    }
    let b = digits.as_bytes();
    if n == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && matches!(groups, [11] | [3, 4, 4])
    {
        return Some(Kind::Mobile);
    }
    // 18 digits starting with 9 or 5 are also 统一社会信用代码: without a label, only UnionPay
    // (62, not 18 digits long) and 16-digit Visa/MasterCard numbers count as cards.
    let card_prefix = (digits.starts_with("62") && n != 18)
        || (n == 16 && (digits.starts_with('4') || ("51"..="55").contains(&&digits[..2])));
    let labelled = ["卡号", "账号", "帐号", "银行卡", "开户行", "银行账户"]
        .iter()
        .any(|w| context.contains(w));
    let grouped = groups.len() == 1 || groups[..groups.len() - 1].iter().all(|&g| g == 4);
    if (16..=19).contains(&n) && grouped && luhn(digits) && (card_prefix || labelled) {
        return Some(Kind::BankCard);
    }
    None
}

/// Region codes of the first two digits of a 居民身份证号 (provinces, 台湾, 香港, 澳门).
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

/// Whether 18 characters are a 居民身份证号: region prefix, a real birth date from 1900 on, and the
/// GB 11643 check character.
pub fn id_valid(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| id[r].parse::<i32>().unwrap_or(0);
    if !PROVINCES.contains(&(num(0..2) as u8)) || num(2..6) == 0 {
        return false;
    }
    let (year, month, day) = (num(6..10), num(10..12), num(12..14));
    if !(1900..=2100).contains(&year)
        || jiff::civil::Date::new(year as i16, month as i8, day as i8).is_err()
    {
        return false;
    }
    check_char(&id[..17]) == Some(b[17].to_ascii_uppercase() as char)
}

/// The check character of the first 17 digits of a 居民身份证号.
pub fn check_char(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: &[u8; 11] = b"10X98765432";
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    Some(CODES[(sum % 11) as usize] as char)
}

/// The Luhn check of a card number.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// The masked form: ID `350***********123X`, mobile `138****1234`, card `6222***********1234`.
pub fn mask(kind: Kind, digits: &str) -> String {
    let (head, tail) = match kind {
        Kind::IdCard => (3, 4),
        Kind::Mobile => (3, 4),
        Kind::BankCard => (4, 4),
    };
    let n = digits.len();
    format!(
        "{}{}{}",
        &digits[..head],
        "*".repeat(n - head - tail),
        &digits[n - tail..]
    )
}

/// Normalises a number written in `config.yaml`'s allow-list to digits (and `X`).
pub fn allow_key(written: &str) -> String {
    written
        .chars()
        .filter_map(|c| digit(c).or_else(|| matches!(c, 'X' | 'x' | 'Ｘ').then_some('X')))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid ID number for a region and birth date.
    fn id(first17: &str) -> String {
        format!("{first17}{}", check_char(first17).unwrap())
    }

    /// A number with its Luhn check digit appended.
    fn luhn_complete(body: &str) -> String {
        (0..10)
            .map(|d| format!("{body}{d}"))
            .find(|n| luhn(n))
            .unwrap()
    }

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        find(text, &HashSet::new())
            .into_iter()
            .map(|h| (h.kind, h.masked))
            .collect()
    }

    #[test]
    fn valid_id_numbers_are_found_and_masked() {
        let n = id("35010219900101123");
        assert_eq!(
            kinds(&format!("身份证号：{n}。")),
            vec![(Kind::IdCard, format!("350***********{}", &n[14..]))]
        );
        // A check character X, full-width digits.
        let x = (0..1000)
            .map(|i| format!("11010519491231{i:03}"))
            .find(|f| check_char(f) == Some('X'))
            .unwrap();
        let wide: String = x
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
            .collect();
        assert_eq!(kinds(&format!("{wide}Ｘ")).len(), 1);
    }

    #[test]
    fn invalid_id_numbers_are_not() {
        let n = id("35010219900101123");
        let wrong = format!("{}{}", &n[..17], if n.ends_with('0') { '1' } else { '0' });
        assert!(kinds(&wrong).is_empty(), "wrong check digit");
        assert!(kinds(&id("99010219900101123")).is_empty(), "no such region");
        assert!(kinds(&id("35010219901301123")).is_empty(), "month 13");
    }

    #[test]
    fn mobiles_and_cards() {
        assert_eq!(
            kinds("联系人手机 13812345678"),
            vec![(Kind::Mobile, "138****5678".into())]
        );
        assert_eq!(
            kinds("手机：138 1234 5678"),
            vec![(Kind::Mobile, "138****5678".into())]
        );
        let card = luhn_complete("622202020011223344");
        assert!(luhn(&card));
        let masked = format!("6222***********{}", &card[15..]);
        assert_eq!(
            kinds(&format!("工资卡 {card}")),
            vec![(Kind::BankCard, masked.clone())]
        );
        assert_eq!(
            kinds(&format!("账号 {card}")),
            vec![(Kind::BankCard, masked)]
        );
        let wrong = format!("{}{}", &card[..18], (card.as_bytes()[18] - b'0' + 1) % 10);
        assert!(kinds(&format!("卡号 {wrong}")).is_empty(), "Luhn fails");
        // An all-digit 统一社会信用代码 that happens to pass Luhn is not a card.
        let code = luhn_complete("91371500123456789");
        assert!(kinds(&format!("统一社会信用代码：{code}")).is_empty());
    }

    #[test]
    fn public_numbers_are_not_personal() {
        for text in [
            "索引号：11371500004428004U/2021-4385168",
            "索引号：000014349/2019-00004",
            "20191202-189769",
            "聊政发〔2021〕13号",
            "2021年1月19日，2021-01-19",
            "联系电话：0635-8888888，010-12345678",
            "合计13812345678元",
            "合计 13812345678 元",
            "金额 ￥13812345678",
            "https://www.gov.cn/zhengce/content/13812345678.htm",
            "比例为 13812345678.5",
            "已遮盖：138****5678、350***********1234",
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }

    #[test]
    fn allow_list_is_respected() {
        let allow: HashSet<String> = [allow_key("138-1234-5678")].into_iter().collect();
        assert!(find("13812345678", &allow).is_empty());
    }
}
