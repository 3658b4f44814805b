//! Page weight (issue 12): the median document page, in each rendition, is at most 16 KB of HTML
//! on a generated site of 50 Chinese reports of 3–8 KB (numbered headings, run-in titles, tables),
//! with the test configuration's full footer, QR code and share links. Markup that only scripts
//! use is not in the page (it comes with prefs.js), and repeated chrome stays small.

use crate::common::*;

/// 16 KB, as the README and the build's messages count (1 KB = 1,024 bytes).
const LIMIT: usize = 16 * 1024;
const SECTIONS: [&str; 4] = ["tzgg", "zcwj", "gzzj", "tjxx"];
const PHRASES: [&str; 11] = [
    "认真贯彻落实《中华人民共和国政府信息公开条例》",
    "不断完善政务公开制度",
    "拓展公开渠道和方式",
    "全面提升政务服务水平",
    "扎实推进重点领域信息公开",
    "持续优化营商环境",
    "加强政策解读和回应关切",
    "健全工作机制",
    "强化监督检查",
    "推动各项工作落地见效",
    "切实保障人民群众的知情权、参与权和监督权",
];
const ISSUERS: [&str; 4] = [
    "示例市民政局",
    "示例市财政局",
    "示例市教育局",
    "示例市卫生健康局",
];
const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// A small deterministic generator (the same corpus on every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }

    fn phrase(&mut self) -> &'static str {
        PHRASES[self.below(PHRASES.len())]
    }

    fn paragraph(&mut self) -> String {
        let n = 4 + self.below(6);
        let parts: Vec<&str> = (0..n).map(|_| self.phrase()).collect();
        format!("{}。", parts.join("，"))
    }

    /// A report body of `target` bytes or a little more, in the shape of the scale benchmark's.
    fn body(&mut self, target: usize) -> String {
        let mut parts = Vec::new();
        let mut h = 0;
        while parts.iter().map(|p: &String| p.len() + 2).sum::<usize>() < target {
            parts.push(format!("{}、第{}项工作情况", CN[h % 10], h + 1));
            let runs = 1 + self.below(3);
            for number in CN.iter().take(runs) {
                let title = self.phrase();
                let text = self.paragraph();
                parts.push(format!("（{number}）{title}。{text}"));
            }
            parts.push(self.paragraph());
            if h % 3 == 0 {
                let rows: Vec<String> = (0..5)
                    .map(|j| {
                        format!(
                            "| 指标{j} | {} | {}% |",
                            10 + self.below(990),
                            self.below(60)
                        )
                    })
                    .collect();
                parts.push(format!(
                    "| 项目 | 数量 | 同比 |\n|---|---|---|\n{}",
                    rows.join("\n")
                ));
            }
            h += 1;
        }
        parts.join("\n\n") + "\n"
    }
}

fn median(mut sizes: Vec<usize>) -> usize {
    sizes.sort_unstable();
    sizes[sizes.len() / 2]
}

#[test]
fn median_document_page_is_at_most_16_kb_in_each_rendition() {
    let mut rng = Lcg(12);
    let mut builder = SiteBuilder::new();
    for s in SECTIONS {
        builder = builder.section(s, &format!("栏目{s}"), "");
    }
    let mut urls = Vec::new();
    for i in 0..50u32 {
        let section = SECTIONS[i as usize % SECTIONS.len()];
        let target = 3000 + rng.below(5001);
        let body = rng.body(target);
        let title = format!("{}关于第{i}项工作情况的报告", ISSUERS[rng.below(4)]);
        let date = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        let extra = "topics: [\"综合政务\"]\n";
        let text = doc(&title, &date, Some(&index_no(2024, i + 1)), extra, &body);
        builder = builder.file(&format!("content/{section}/doc-{i:03}.md"), text);
        urls.push(format!("/{section}/doc-{i:03}/"));
    }
    let site = builder.build(&["--no-precompress"]);
    site.run.assert_code(0);
    for care in [false, true] {
        let sizes: Vec<usize> = urls
            .iter()
            .map(|u| {
                let url = if care { format!("/care{u}") } else { u.clone() };
                let raw = site.raw(&url);
                assert!(
                    raw.contains("gk-template-document"),
                    "{url}: a document page"
                );
                raw.len()
            })
            .collect();
        let m = median(sizes);
        let name = if care { "关怀版" } else { "标准版" };
        assert!(
            m <= LIMIT,
            "{name}: median document page {m} bytes, over {LIMIT}"
        );
        eprintln!("{name}: median document page {m} bytes");
    }
}
