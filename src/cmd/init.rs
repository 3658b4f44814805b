//! `gongkai init DIR`: a new site that builds at once.

use std::path::Path;

use anyhow::bail;

use crate::cli::InitArgs;

/// `config.yaml` of a new site, every key explained.
pub const CONFIG_TEMPLATE: &str = r#"# gongkai 站点配置。所有键都可省略；“#” 后为说明。

# 网站名称（页面标题、页眉）
title: 示例县人民政府办公室

# 网站地址（以 / 结尾）。用于二维码、分享链接、canonical 和站点地图；不填时构建会告警。
base_url: https://www.example.gov.cn/

# 网站描述与关键词（首页 <meta>）
description: 示例县人民政府办公室政府信息公开
keywords: 政府信息公开,示例县

# 主题：内置 gov；也可在 themes/gov/ 下放同名文件覆盖单个模板或样式
theme: gov

# 网站标识码、主办单位、联系方式（页脚）
site_id_code: "0000000000"
organizer: 示例县人民政府办公室
contact:
  phone: 0000-0000000
  email: ""
  address: 示例县示例路1号

# ICP 备案编号与公安机关备案号（页脚）
icp: ""
police_beian: ""
police_beian_url: ""

# 党政机关网站标识：本地图片与核验链接（图片放在 static/ 下）
# gov_mark:
#   image: /img/dzjg.png
#   url: https://bszs.conac.cn/...

# 网站图标（浏览器标签页上的小图标）：本单位徽标，放在 static/ 下；不写则用主题的默认图标
# favicon: /img/favicon.png

# 页脚链接
footer_links:
  - title: 网站地图
    url: /sitemap/
  - title: 联系我们
    url: /xxgk/

# gongkai new 使用的默认发布机构
issuer: 示例县人民政府办公室

# 新索引号的前缀：gongkai new 和 gongkai import 按它编下一个空闲的流水号（年份取当年）。
#   只写机构代码（18 位统一社会信用代码或 9 位组织机构代码）：生成 机构代码/年份-流水号，
#     如 11110000123456788X/2024-00001；
#   以 - 或 / 结尾的前缀：其后直接接 年份-流水号，如 "XX00101-1700-" 生成 XX00101-1700-2024-00001。
#   不填时沿用本栏目已有索引号中最常用的前缀。流水号位数沿用已有的（默认 5 位）。
index_no_prefix: "11110000123456788X"

# 索引号格式（正则表达式）。不填时，以下格式都能识别并核对（机构代码的校验码、日期、年份）：
#   11371500004428004U/2021-4385168   统一社会信用代码/年份-流水号（GB 32100 校验码）
#   000014349/2019-00004              组织机构代码/年份-流水号（GB 11714 校验码；也可写 00001434-9）
#   01527918X-2020-153077             组织机构代码-年份-流水号
#   20191202-189769                   年月日-流水号
# 其他格式（如 地区-部门-类别-年份-流水号 XX00101-1700-2023-00075）也能构建，但会告警，
# 并给出可照抄到这里的写法；在这里声明本站格式后，不符合的索引号即报错。
# 索引号年份应与发布年份或成文年份之一相同；格式中可用 (?P<year>\d{4}) 标出年份所在位置。
# index_no_pattern: '^[A-Z]{2}\d{5}-\d{4}-\d{4}-\d{5}$'

# 发布清单签名私钥：gongkai keygen 生成，放在站点目录之外；填写后每次 gongkai build 都为
# public/gongkai-manifest.sha256 签名，gongkai verify 可据此发现网站文件被篡改。
# CI 中也可把私钥文件的内容放入环境变量 GONGKAI_SIGNING_KEY。
# signing_key: ~/.gongkai/www.example.gov.cn.key

# 审核：文档须依次通过这些级别的签署（gongkai review approve）才发布；不写则不审核。
# 栏目的 _index.md 也可写 review，覆盖这里的设置。
# review: [初审, 复审, {level: 终审, by: [王局长]}]

# 在文档页显示修订记录（来自 publication-record.jsonl，不取 git 日期）；文档中也可单独设置
# revision_history: true

# 把 “一、”“（一）”“1.”“（1）” 开头的独立短段落识别为标题（可在文档中用 numbering: false 关闭）
numbering: true

# 目录导读列出的标题级别
toc_levels: [2, 3]

# 列表每页条数；首页每个栏目显示的条数
page_size: 20
home_items: 5

# gongkai check 的检查规则。个人信息：确需公开的号码（如对外公布的办公手机、对公账户）写在 allow 中，
# 不再报告。错敏词表在 wordlist.yaml；栏目更新周期写在各栏目 _index.md 的 update_within 中。
inspection:
  allow: []
"#;

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
        "已新建站点 {}：进入该目录后运行 gongkai build",
        dir.display()
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
