//! QR codes: the PNG data URL decodes to the page's own URL; no QR code without `base_url`.

use crate::common::*;

/// Decodes the QR code of an `<img class="gk-qr__code" src="data:image/png;base64,…">` tag: the
/// PNG (one pixel per module) scaled up 8 times, then read by rqrr.
fn decode_qr(img: &str) -> String {
    use base64::Engine;
    let src = img
        .split("src=\"data:image/png;base64,")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a PNG data URL");
    let png = base64::engine::general_purpose::STANDARD
        .decode(src)
        .expect("base64");
    let small = image::load_from_memory(&png)
        .expect("PNG decodes")
        .to_luma8();
    let scale = 8;
    let (w, h) = (small.width() * scale, small.height() * scale);
    let img = image::GrayImage::from_fn(w, h, |x, y| *small.get_pixel(x / scale, y / scale));
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
            img.get_pixel(x as u32, y as u32).0[0]
        });
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    let (_, content) = grids[0].decode().expect("QR decodes");
    content
}

#[test]
fn qr_code_encodes_the_page_url_in_each_rendition() {
    let cases = [
        (reports_site(), "/bg/liaocheng-minzheng-2020/", BASE_URL),
        (reports_site(), "/bg/shuyang-fagaiju-2024-01-17/", BASE_URL),
        (basic_site(), "/tzgg/raw-html/", "https://example.gov.cn/"),
    ];
    for (site, url, base) in cases {
        let std_raw = site.raw(url);
        let std_html = site.page(url);
        let decoded = decode_qr(raw_qr_img(&std_raw).expect("standard page has a QR code"));
        assert_eq!(decoded, canonical(&std_html), "{url}: QR = canonical URL");
        assert_eq!(decoded, format!("{base}{}", &url[1..]));
        assert_eq!(
            text(one(&std_html, ".gk-qr__url")),
            decoded,
            "{url}: caption"
        );

        let care = format!("/care{url}");
        let care_raw = site.raw(&care);
        let decoded = decode_qr(raw_qr_img(&care_raw).expect("care page has a QR code"));
        assert_eq!(
            decoded,
            format!("{base}care/{}", &url[1..]),
            "{care}: QR = care URL"
        );
        assert_eq!(
            text(one(&site.page(&care), ".gk-qr__url")),
            decoded,
            "{care}"
        );
    }
}

fn site_without_base_url() -> SiteBuilder {
    SiteBuilder::new()
        .config(Some("title: 无网址站点\n"))
        .section("xxgk", "信息公开", "")
        .file(
            "content/xxgk/a.md",
            doc("甲", "2021-03-01", Some(&index_no(2021, 1)), "", "正文。\n"),
        )
}

#[test]
fn without_base_url_there_is_no_qr_code_and_a_warning() {
    let site = site_without_base_url().build(&[]);
    site.run.assert_code(0);
    let w: Vec<&str> = site
        .run
        .stderr
        .lines()
        .filter(|l| l.contains("警告") && l.contains("base_url"))
        .collect();
    assert_eq!(w.len(), 1, "{}", site.run.stderr);
    for url in ["/xxgk/a/", "/care/xxgk/a/"] {
        let html = site.page(url);
        assert!(select(&html, ".gk-qr").is_empty(), "{url}");
        assert!(select(&html, ".gk-qr__code").is_empty(), "{url}");
        assert!(
            select(&html, ".gk-share").is_empty(),
            "{url}: no share links either"
        );
        assert_eq!(canonical(&html), "/xxgk/a/", "{url}: relative canonical");
    }
}

#[test]
fn base_url_flag_overrides_the_config() {
    let site = site_without_base_url().build(&["--base-url", "https://other.example.gov.cn/sub"]);
    site.run.assert_code(0);
    assert!(
        !site.run.stderr.contains("base_url（网站地址）"),
        "{}",
        site.run.stderr
    );
    let raw = site.raw("/xxgk/a/");
    let decoded = decode_qr(raw_qr_img(&raw).expect("QR code"));
    assert_eq!(decoded, "https://other.example.gov.cn/sub/xxgk/a/");
}
