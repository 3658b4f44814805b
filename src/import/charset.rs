//! Decoding saved pages: byte-order mark, then the page's own `<meta charset>` label, then —
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

fn decode_any(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if !had_errors {
            return Ok(Decoded {
                text: text.into_owned(),
                encoding: enc.name(),
                how: "字节顺序标记（BOM）",
            });
        }
    }
    // The first label in the head counts; Word HTML pasted into the body brings later ones.
    let head = &bytes[..bytes.len().min(8192)];
    let labelled = META_CHARSET
        .captures(head)
        .and_then(|c| Encoding::for_label(c.get(1)?.as_bytes()));
    if let Some(enc) = labelled {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok(Decoded {
                text: text.into_owned(),
                encoding: enc.name(),
                how: "页面声明的 charset",
            });
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
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
    fn unlabelled_utf8() {
        let d = decode("<p>索引号：000014349/2018-00204</p>".as_bytes()).unwrap();
        assert!(d.text.contains("索引号"));
    }
}
