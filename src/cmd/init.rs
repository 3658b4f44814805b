//! `gongkai init DIR`: a new site that builds at once.

use std::path::Path;

use anyhow::bail;

use crate::cli::InitArgs;
use crate::config::starter::CONFIG_TEMPLATE;

/// What `init` asks to be filled in before publishing: the 【必填】 items of [`CONFIG_TEMPLATE`].
const TO_FILL: [&str; 11] = [
    "title：网站名称",
    "base_url：网站地址",
    "site_id_code：网站标识码",
    "organizer：主办单位",
    "contact：联系电话或电子邮箱",
    "icp：ICP 备案编号",
    "police_beian：公安机关备案号",
    "gov_mark：党政机关网站标识（图片放在 static/img/dzjg.png）",
    "footer_links：“我为政府网站找错”入口的 siteCode",
    "issuer：默认发布机构",
    "content/ 中示例文档的发布机构（issuer）",
];

const HOME: &str = "---\ntitle: 首页\n---\n\n欢迎访问本站政府信息公开专栏。\n";
const SECTION: &str = "---\ntitle: 政府信息公开\ndescription: 法定主动公开内容\nweight: 1\n---\n";

/// Creates the site skeleton in `args.dir`.
pub fn init(args: &InitArgs) -> anyhow::Result<i32> {
    let dir = &args.dir;
    if dir.exists()
        && dir
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        bail!("目录 {} 已存在且不为空：请指定新目录", dir.display());
    }
    let today = crate::content::date::DocDate::now();
    let doc = format!(
        "---\ntitle: 关于启用政府信息公开专栏的通知\nindex_no: 11110000123456788X/{year}-00001\nissuer: 示例县人民政府办公室\ndate: {date}\ntopics: [通知公告]\n---\n\n各乡镇人民政府，县政府各部门：\n\n本站政府信息公开专栏自即日起启用。\n\n一、公开内容\n\n按照《中华人民共和国政府信息公开条例》公开法定主动公开内容。\n\n二、联系方式\n\n如有疑问，请与县政府办公室联系。\n",
        year = today.year(),
        date = today.iso()
    );
    let files: [(&str, &str); 5] = [
        ("config.yaml", CONFIG_TEMPLATE),
        (
            crate::inspect::wordlist::FILE,
            crate::inspect::wordlist::STARTER,
        ),
        ("content/_index.md", HOME),
        ("content/xxgk/_index.md", SECTION),
        ("content/xxgk/qiyong-tongzhi.md", &doc),
    ];
    for (rel, text) in files {
        write_new(&dir.join(rel), text)?;
    }
    eprintln!(
        "已新建站点 {}：进入该目录后运行 gongkai serve 预览，gongkai build 生成。\n\n发布前必须在 {} 中填写（gongkai check 逐项核对，未填或仍是示例值即报错）：\n{}",
        dir.display(),
        dir.join("config.yaml").display(),
        TO_FILL.iter().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
    );
    Ok(0)
}

/// Writes a file, creating its folder.
pub fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(p) = path.parent() {
        crate::fs::create_dir_all(p)?;
    }
    Ok(crate::fs::write(path, text)?)
}
