//! The parts of a `.docx` that say how the body looks rather than what it says: `styles.xml`
//! (alignment, bold and outline level through the `basedOn` chain and the document defaults),
//! `numbering.xml` (Word's automatic numbers, which are not in the text: `一、`, `（一）`, `1.`)
//! and `footnotes.xml`; and the characters of the symbol fonts (`w:sym`).

use std::collections::{BTreeMap, HashMap};

use super::model::Align;
use super::xml::Element;

/// Paragraph properties a style defines.
#[derive(Debug, Clone, Default)]
pub(super) struct StyleDef {
    /// The style it inherits from.
    pub(super) based_on: Option<String>,
    /// Alignment set by the style.
    pub(super) align: Option<Align>,
    /// Bold set by the style.
    pub(super) bold: Option<bool>,
    /// Outline level (1-based), from `outlineLvl` or a `heading N` name.
    pub(super) heading: Option<u8>,
    /// Numbering list and level the style applies.
    pub(super) num: Option<(String, usize)>,
}

/// `styles.xml`: paragraph styles and the document defaults.
#[derive(Debug, Clone, Default)]
pub(super) struct Styles {
    /// Paragraph styles by id.
    pub(super) by_id: HashMap<String, StyleDef>,
    /// Alignment of the document defaults.
    pub(super) default_align: Option<Align>,
    /// The default paragraph style.
    pub(super) default_style: Option<String>,
}

pub(super) fn align_of(val: &str) -> Option<Align> {
    match val {
        "center" => Some(Align::Center),
        "right" | "end" => Some(Align::End),
        "left" | "start" | "both" | "distribute" | "justify" => Some(Align::Start),
        _ => None,
    }
}

pub(super) fn on(el: Option<&Element>) -> Option<bool> {
    el.map(|b| !matches!(b.attr("val"), Some("0" | "false" | "off")))
}

pub(super) fn num_pr(ppr: &Element) -> Option<(String, usize)> {
    let n = ppr.child("numPr")?;
    let id = n.child_val("numId")?.to_string();
    let level = n
        .child_val("ilvl")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    Some((id, level))
}

impl Styles {
    pub(super) fn read(root: &Element) -> Styles {
        let mut styles = Styles::default();
        if let Some(ppr) = root
            .child("docDefaults")
            .and_then(|d| d.child("pPrDefault"))
            .and_then(|d| d.child("pPr"))
        {
            styles.default_align = ppr.child_val("jc").and_then(align_of);
        }
        for s in root.elements().filter(|e| e.name == "style") {
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            if s.attr("type").is_some_and(|t| t != "paragraph") {
                continue;
            }
            if s.attr("default").is_some_and(|d| d == "1" || d == "true") {
                styles.default_style = Some(id.to_string());
            }
            let ppr = s.child("pPr");
            let name = s.child_val("name").unwrap_or("").to_lowercase();
            let heading = ppr
                .and_then(|p| p.child_val("outlineLvl"))
                .and_then(|l| l.parse::<u8>().ok())
                .filter(|l| *l < 9)
                .map(|l| l + 1)
                .or_else(|| {
                    let n = name
                        .strip_prefix("heading ")
                        .or_else(|| name.strip_prefix("标题 "))?;
                    n.trim().parse().ok()
                });
            let def = StyleDef {
                based_on: s.child_val("basedOn").map(str::to_string),
                align: ppr.and_then(|p| p.child_val("jc")).and_then(align_of),
                bold: on(s.child("rPr").and_then(|r| r.child("b"))),
                heading,
                num: ppr.and_then(num_pr),
            };
            styles.by_id.insert(id.to_string(), def);
        }
        styles
    }

    /// Walks a style and its `basedOn` chain (bounded: chains can be cyclic) for a property.
    pub(super) fn resolve<T>(
        &self,
        style: Option<&str>,
        get: impl Fn(&StyleDef) -> Option<T>,
    ) -> Option<T> {
        let mut id = style.or(self.default_style.as_deref());
        for _ in 0..16 {
            let def = self.by_id.get(id?)?;
            if let Some(v) = get(def) {
                return Some(v);
            }
            id = def.based_on.as_deref();
        }
        None
    }
}

/// One level of a numbering definition.
#[derive(Debug, Clone, Default)]
pub(super) struct Level {
    format: String,
    text: String,
    start: u32,
}

/// `numbering.xml`: the automatic numbers Word draws but does not store in the text.
#[derive(Debug, Clone, Default)]
pub(super) struct Numbering {
    abstract_levels: HashMap<String, BTreeMap<usize, Level>>,
    num_to_abstract: HashMap<String, (String, BTreeMap<usize, u32>)>,
    counters: HashMap<String, BTreeMap<usize, u32>>,
}

impl Numbering {
    pub(super) fn read(root: &Element) -> Numbering {
        let mut n = Numbering::default();
        for a in root.elements().filter(|e| e.name == "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let levels = a
                .elements()
                .filter(|e| e.name == "lvl")
                .filter_map(|l| {
                    let ilvl: usize = l.attr("ilvl")?.parse().ok()?;
                    Some((
                        ilvl,
                        Level {
                            format: l.child_val("numFmt").unwrap_or("decimal").to_string(),
                            text: l.child_val("lvlText").unwrap_or("").to_string(),
                            start: l
                                .child_val("start")
                                .and_then(|s| s.parse().ok())
                                .unwrap_or(1),
                        },
                    ))
                })
                .collect();
            n.abstract_levels.insert(id.to_string(), levels);
        }
        for num in root.elements().filter(|e| e.name == "num") {
            let (Some(id), Some(abs)) = (num.attr("numId"), num.child_val("abstractNumId")) else {
                continue;
            };
            let overrides = num
                .elements()
                .filter(|e| e.name == "lvlOverride")
                .filter_map(|o| {
                    let l: usize = o.attr("ilvl")?.parse().ok()?;
                    let s: u32 = o.child_val("startOverride")?.parse().ok()?;
                    Some((l, s))
                })
                .collect();
            n.num_to_abstract
                .insert(id.to_string(), (abs.to_string(), overrides));
        }
        n
    }

    /// The number text of the next paragraph of list `num_id` at `level`, and whether it is a
    /// bullet. Counters are kept per abstract list, as Word does.
    pub(super) fn next(&mut self, num_id: &str, level: usize) -> Option<(String, bool)> {
        let (abs, overrides) = self.num_to_abstract.get(num_id)?.clone();
        let levels = self.abstract_levels.get(&abs)?;
        let this = levels.get(&level)?.clone();
        let counters = self.counters.entry(abs.clone()).or_default();
        let start = |l: usize| {
            overrides
                .get(&l)
                .copied()
                .or_else(|| levels.get(&l).map(|x| x.start))
                .unwrap_or(1)
        };
        let value = counters.get(&level).map_or(start(level), |v| v + 1);
        counters.insert(level, value);
        counters.retain(|l, _| *l <= level);
        if this.format == "bullet" {
            return Some((String::new(), true));
        }
        if this.format == "none" {
            return Some((this.text.clone(), false));
        }
        let mut text = this.text.clone();
        for l in 0..=level {
            let v = counters.get(&l).copied().unwrap_or_else(|| start(l));
            let fmt = levels.get(&l).map_or("decimal", |x| x.format.as_str());
            text = text.replace(&format!("%{}", l + 1), &format_number(v, fmt));
        }
        Some((text, false))
    }
}

/// A counter value in one of Word's number formats.
fn format_number(v: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographDigital"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese_counting(v),
        "ideographTraditional" => {
            const STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
            STEMS
                .get((v as usize).wrapping_sub(1))
                .map_or_else(|| v.to_string(), |s| s.to_string())
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&v) => {
            char::from_u32(0x2460 + v - 1).map_or_else(|| v.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => v
            .to_string()
            .chars()
            .filter_map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32))
            .collect(),
        "lowerLetter" | "upperLetter" => {
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            let n = (v.max(1) - 1) % 26;
            let times = (v.max(1) - 1) / 26 + 1;
            std::iter::repeat_n((base + n as u8) as char, times as usize).collect()
        }
        "lowerRoman" | "upperRoman" => {
            let r = roman(v);
            if format == "lowerRoman" {
                r.to_lowercase()
            } else {
                r
            }
        }
        _ => v.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
pub fn chinese_counting(v: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match v {
        0..=9 => DIGITS[v as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if v == 10 {
                ""
            } else {
                DIGITS[(v % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(v / 10) as usize],
            if v.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(v % 10) as usize]
            }
        ),
        100..=999 => {
            let rest = v % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest as usize]),
                10..=19 => format!("一{}", chinese_counting(rest)),
                _ => chinese_counting(rest),
            };
            format!("{}百{tail}", DIGITS[(v / 100) as usize])
        }
        _ => v.to_string(),
    }
}

fn roman(mut v: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (n, r) in TABLE {
        while v >= n && s.len() < 32 {
            s.push_str(r);
            v -= n;
        }
    }
    s
}

/// Adobe Symbol's letters `A`–`Z` and `a`–`z`: Greek.
const SYMBOL_UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
const SYMBOL_LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";

/// Characters of the symbol fonts that 公文 use (ticks and boxes of forms, maths signs), by
/// font and code.
const SYMBOLS: &[(&str, u32, char)] = &[
    ("symbol", 0x2D, '−'),
    ("symbol", 0xA3, '≤'),
    ("symbol", 0xA5, '∞'),
    ("symbol", 0xAC, '←'),
    ("symbol", 0xAD, '↑'),
    ("symbol", 0xAE, '→'),
    ("symbol", 0xAF, '↓'),
    ("symbol", 0xB0, '°'),
    ("symbol", 0xB1, '±'),
    ("symbol", 0xB3, '≥'),
    ("symbol", 0xB4, '×'),
    ("symbol", 0xB7, '•'),
    ("symbol", 0xB8, '÷'),
    ("symbol", 0xB9, '≠'),
    ("symbol", 0xBB, '≈'),
    ("symbol", 0xD6, '√'),
    ("symbol", 0xD7, '⋅'),
    ("wingdings", 0x6C, '●'),
    ("wingdings", 0x6E, '■'),
    ("wingdings", 0x6F, '□'),
    ("wingdings", 0x71, '❑'),
    ("wingdings", 0x75, '◆'),
    ("wingdings", 0x9F, '•'),
    ("wingdings", 0xA1, '○'),
    ("wingdings", 0xA8, '□'),
    ("wingdings", 0xD8, '➢'),
    ("wingdings", 0xE0, '→'),
    ("wingdings", 0xE8, '➔'),
    ("wingdings", 0xFB, '✗'),
    ("wingdings", 0xFC, '✓'),
    ("wingdings", 0xFD, '☒'),
    ("wingdings", 0xFE, '☑'),
    ("wingdings 2", 0x4F, '✗'),
    ("wingdings 2", 0x50, '✓'),
    ("wingdings 2", 0x52, '☑'),
    ("wingdings 2", 0x53, '☒'),
    ("wingdings 2", 0x54, '☒'),
    ("wingdings 2", 0xA3, '□'),
];

/// The character of a `w:sym` (`w:font="Wingdings" w:char="F0FC"` → `✓`): symbol fonts put
/// their characters at `F0xx`; other fonts give the character itself. `None` when unknown.
pub(super) fn symbol(font: &str, code: &str) -> Option<char> {
    let v = u32::from_str_radix(code.trim(), 16).ok()?;
    if !(0xF000..=0xF0FF).contains(&v) {
        return char::from_u32(v).filter(|c| !c.is_control());
    }
    let (font, v) = (font.trim().to_lowercase(), v - 0xF000);
    if font == "symbol" {
        let letter = |from: u32, set: &str| set.chars().nth(v.checked_sub(from)? as usize);
        match v {
            0x41..=0x5A => return letter(0x41, SYMBOL_UPPER),
            0x61..=0x7A => return letter(0x61, SYMBOL_LOWER),
            _ => {}
        }
    }
    SYMBOLS
        .iter()
        .find(|(f, c, _)| *f == font && *c == v)
        .map(|(_, _, ch)| *ch)
        .or_else(|| {
            // Digits and punctuation of the Symbol font are themselves.
            (font == "symbol"
                && (0x20..0x41).contains(&v)
                && ![0x22, 0x24, 0x27, 0x40].contains(&v))
            .then(|| char::from_u32(v))
            .flatten()
        })
}

pub(super) fn footnotes(root: &Element) -> HashMap<String, String> {
    root.elements()
        .filter(|e| e.name == "footnote" || e.name == "endnote")
        .filter(|e| {
            !matches!(
                e.attr("type"),
                Some("separator" | "continuationSeparator" | "continuationNotice")
            )
        })
        .filter_map(|f| {
            let id = f.attr("id")?.to_string();
            let text: Vec<String> = f
                .elements()
                .filter(|p| p.name == "p")
                .map(run_text)
                .filter(|t| !t.trim().is_empty())
                .map(|t| t.trim().to_string())
                .collect();
            Some((id, text.join(" ")))
        })
        .collect()
}

/// The plain text of a paragraph's runs (for footnotes), field codes and deletions left out.
fn run_text(el: &Element) -> String {
    let mut s = String::new();
    for e in el.elements() {
        match e.name.as_str() {
            "t" => s.push_str(&e.text()),
            "tab" => s.push(' '),
            "del" | "instrText" | "delText" | "rPr" | "pPr" => {}
            _ => s.push_str(&run_text(e)),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_numbers() {
        assert_eq!(chinese_counting(1), "一");
        assert_eq!(chinese_counting(10), "十");
        assert_eq!(chinese_counting(14), "十四");
        assert_eq!(chinese_counting(20), "二十");
        assert_eq!(chinese_counting(35), "三十五");
        assert_eq!(chinese_counting(105), "一百零五");
        assert_eq!(chinese_counting(110), "一百一十");
    }

    #[test]
    fn symbol_font_characters() {
        assert_eq!(symbol("Wingdings", "F0FC"), Some('✓'));
        assert_eq!(symbol("Wingdings 2", "F052"), Some('☑'));
        assert_eq!(symbol("Symbol", "F0B4"), Some('×'));
        assert_eq!(symbol("Symbol", "F061"), Some('α'));
        assert_eq!(symbol("Symbol", "F031"), Some('1'));
        assert_eq!(symbol("宋体", "2605"), Some('★'));
        assert_eq!(symbol("Webdings", "F021"), None);
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(4, "upperRoman"), "IV");
    }
}
