//! Decoding saved pages: byte-order mark, UTF-16 without one (told by its zero bytes), then the
//! page's own `<meta charset>` label, then —
//! when there is no label or the labelled decoding meets bytes it cannot decode — detection
//! from the bytes (old CMS pages often declare the wrong charset: the bytes are trusted).

use encoding_rs::Encoding;
use regex::bytes::Regex;
use std::sync::LazyLock;

/// A decoded page.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Name of the encoding used (`UTF-8`, `GBK`, `gb18030` …).
    pub encoding: &'static str,
    /// How it was chosen, for the import report.
    pub how: &'static str,
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"#)
        .expect("charset pattern")
});

/// Decodes a page's bytes. An error when no encoding gives readable text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let decoded = decode_any(bytes)?;
    let total = decoded.text.chars().count().max(1);
    let unreadable = decoded
        .text
        .chars()
        .filter(|c| {
            c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') || *c == '\u{fffd}'
        })
        .count();
    if unreadable * 100 > total {
        return Err(format!(
            "无法识别页面的文字编码：按 {} 解码后有 {unreadable} 个无法显示的字符，不像是网页（请用浏览器另存为 UTF-8 的网页后再导入）",
            decoded.encoding
        ));
    }
    Ok(decoded)
}

/// The bytes in `enc` when they decode without error.
fn strict(enc: &'static Encoding, bytes: &[u8], how: &'static str) -> Option<Decoded> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    (!had_errors).then(|| Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        how,
    })
}

fn decode_any(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(d) = Encoding::for_bom(bytes)
        .and_then(|(enc, bom)| strict(enc, &bytes[bom..], "字节顺序标记（BOM）"))
    {
        return Ok(d);
    }
    if let Some(d) = utf16_without_bom(bytes)
        .and_then(|enc| strict(enc, bytes, "按字节检测（UTF-16，没有字节顺序标记）"))
    {
        return Ok(d);
    }
    // The first label in the head counts; Word HTML pasted into the body brings later ones.
    let head = &bytes[..bytes.len().min(8192)];
    let labelled = META_CHARSET
        .captures(head)
        .and_then(|c| Encoding::for_label(c.get(1)?.as_bytes()));
    if let Some(d) = labelled.and_then(|enc| strict(enc, bytes, "页面声明的 charset")) {
        return Ok(d);
    }
    // Bytes that are valid UTF-8 are what the detector would take for UTF-8 (it allows UTF-8 and
    // denies ISO-2022-JP, so UTF-8 wins whenever its decoder met no error): told without it.
    let enc = if std::str::from_utf8(bytes).is_ok() {
        encoding_rs::UTF_8
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow)
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let bad = text.chars().filter(|c| *c == '\u{fffd}').count();
    let total = text.chars().count().max(1);
    if had_errors && bad * 50 > total {
        return Err(format!(
            "无法识别页面的文字编码（按 {} 解码有 {bad} 处无法识别的字节）：请用浏览器另存为 UTF-8 后再导入",
            enc.name()
        ));
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        how: if labelled.is_some() {
            "按字节检测（页面声明的 charset 与内容不符）"
        } else {
            "按字节检测（页面未声明 charset）"
        },
    })
}

/// UTF-16 without a byte-order mark, told by the zero bytes of the markup's ASCII characters:
/// every second byte of the head.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024) & !1];
    let pairs = head.len() / 2;
    if pairs < 16 {
        return None;
    }
    let zeros = |from: usize| {
        head.iter()
            .skip(from)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    match (zeros(0), zeros(1)) {
        (even, odd) if odd * 2 > pairs && even * 20 < pairs => Some(encoding_rs::UTF_16LE),
        (even, odd) if even * 2 > pairs && odd * 20 < pairs => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn gbk_page_with_label() {
        let (bytes, _, _) = encoding_rs::GBK.encode("<meta charset=\"gb2312\"><p>政府信息公开</p>");
        let d = decode(&bytes).unwrap();
        assert!(d.text.contains("政府信息公开"));
        assert_eq!(d.encoding, "GBK");
    }

    #[test]
    fn wrong_label_is_overruled_by_the_bytes() {
        let (bytes, _, _) = encoding_rs::GBK
            .encode("<meta charset=\"utf-8\"><p>关于印发政府网站集约化试点工作方案的通知，请认真贯彻执行。</p>");
        let d = decode(&bytes).unwrap();
        assert!(d.text.contains("请认真贯彻执行"), "{}", d.text);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let page = "<html><meta charset=\"utf-16\"><p>政府信息公开指南</p></html>";
        let le: Vec<u8> = page.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = page.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let with_bom = [&[0xFF, 0xFE][..], &le].concat();
        for bytes in [with_bom, le, be] {
            assert!(decode(&bytes).unwrap().text.contains("政府信息公开指南"));
        }
    }

    #[test]
    fn unlabelled_utf8() {
        let d = decode("<p>索引号：000014349/2018-00204</p>".as_bytes()).unwrap();
        assert!(d.text.contains("索引号"));
    }

    #[test]
    fn valid_utf8_is_told_as_the_detector_would() {
        for page in [
            "<p>索引号：000014349/2018-00204</p>".as_bytes(),
            b"<p>plain ASCII, no label</p>",
            b"",
            include_bytes!("../../tests/fixtures/import/guowuyuan-2018-11-19.html"),
        ] {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(page, true);
            let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
            assert_eq!(guess, encoding_rs::UTF_8);
            assert_eq!(decode(page).map(|d| d.encoding), Ok("UTF-8"));
        }
    }
}
