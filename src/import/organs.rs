//! What the importer knows of the organs named on a page: short and joint names, and the
//! names that look like an organ but are not one that issues documents (a CMS account, a
//! division inside an organ).

use super::gongwen_title::is_organ_name;

/// Whether `short` is a shorter form of `full` keeping its characters in order (`市政府` of
/// `丽水市人民政府`).
pub(super) fn is_abbreviation(short: &str, full: &str) -> bool {
    let short: Vec<char> = short.chars().filter(|c| !c.is_whitespace()).collect();
    if short.len() < 2 || short.len() >= full.chars().count() {
        return false;
    }
    let mut wanted = short.iter().peekable();
    for c in full.chars() {
        if wanted.peek() == Some(&&c) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

/// A 发布机构 cell naming joint organs parted by spaces (`四川省发展和改革委员会  四川省能源局`)
/// lists them with `、`; any other value stays as it is.
pub(super) fn joint_organs(value: &str) -> String {
    let parts: Vec<&str> = value.split_whitespace().collect();
    if parts.len() > 1 && parts.iter().all(|p| is_organ_name(p)) {
        parts.join("、")
    } else {
        value.to_string()
    }
}

/// A CMS account named as the source (`南方局管理员`, `admin`): who posted the page, not an organ.
pub(super) fn is_account(name: &str) -> bool {
    name.contains("管理员") || name.to_ascii_lowercase().contains("admin")
}

/// A division inside an organ (`节能处`, `价格司`, `综合科`), not an organ that issues documents.
pub(super) fn is_division(name: &str) -> bool {
    name.ends_with(['处', '科', '股']) || name.ends_with('司') && !name.ends_with("公司")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_keep_the_full_name_s_characters_in_order() {
        assert!(is_abbreviation("市政府", "丽水市人民政府"));
        assert!(!is_abbreviation("市政府办公室", "丽水市人民政府"));
        assert!(!is_abbreviation("丽水市人民政府", "丽水市人民政府"));
        assert!(!is_abbreviation("省政府", "丽水市人民政府"));
    }
}
