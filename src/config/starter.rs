//! The `config.yaml` that `gongkai init` writes. Its 示例 values are what
//! [`super::publish`] recognises as not yet filled in, so the two cannot drift apart.

/// `config.yaml` of a new site, every key explained.
pub const CONFIG_TEMPLATE: &str = r#"# gongkai 站点配置。“#” 后为说明。
#
# 发布前必须填写：下面标有“【必填】”的各项。凡是写着“示例县”、shili.example.gov.cn 或 0000000000
# 的值都是 gongkai init 写入的示例值：gongkai check 把示例值和缺少的必填项报为错误（gongkai build
# 报为警告），全部改为本站的真实信息后即可通过。

# 【必填】网站名称（页面标题、页眉）
title: 示例县人民政府办公室

# 【必填】网站地址（以 / 结尾）。用于二维码、分享链接、canonical 和站点地图。
base_url: https://shili.example.gov.cn/

# 网站描述与关键词（首页 <meta>）
description: 示例县人民政府办公室政府信息公开
keywords: 政府信息公开,示例县

# ── 页脚：政府网站页脚功能区应列明的各项（《政府网站发展指引》），缺一项 gongkai check 即报错 ──

# 【必填】网站标识码：全国政府网站信息报送系统分配的 10 位标识码
site_id_code: "0000000000"

# 【必填】主办单位
organizer: 示例县人民政府办公室

# 【必填】联系方式：电话和电子邮箱至少填一项；地址可不填
contact:
  phone: 0000-0000000
  email: ""
  address: 示例县示例路1号

# 【必填】ICP 备案编号（工业和信息化部备案，如 鲁ICP备05001234号-1）
icp: 示例县ICP备00000000号-1

# 【必填】公安机关备案号（如 鲁公网安备37150202000123号）；链接可不填
police_beian: 示例县公网安备00000000000000号
police_beian_url: ""

# 【必填】党政机关网站标识：开办单位在 bszs.conac.cn 取得的标识图片（放在 static/img/ 下）和核验链接
gov_mark:
  image: /img/dzjg.png
  url: https://bszs.conac.cn/sitename?method=show&id=示例县

# 【必填】页脚链接：网站地图、联系我们和“我为政府网站找错”入口（全国政府网站找错平台，
# siteCode 为上面的网站标识码）都应列出；可再加其他链接。
footer_links:
  - title: 网站地图
    url: /sitemap/
  - title: 联系我们
    url: /xxgk/
  - title: 我为政府网站找错
    url: https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteId.action?siteCode=0000000000

# 【必填】gongkai new 使用的默认发布机构
issuer: 示例县人民政府办公室

# 网站图标（浏览器标签页上的小图标）：本单位徽标，放在 static/ 下；不写则用主题的默认图标
# favicon: /img/favicon.png

# 主题：内置 gov；也可在 themes/gov/ 下放同名文件覆盖单个模板或样式
theme: gov

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
