"""Generates the scale benchmark's corpus: N Chinese reports (3–8 KB) as a gongkai site and as a
Hugo site with minimal templates. Usage: python3 corpus.py N DIR"""
import os, random, sys

n, root = int(sys.argv[1]), sys.argv[2]
rng = random.Random(42)
sections = ["tzgg", "zcwj", "gzzj", "ghjh", "rsxx", "tjxx", "czxx", "rsrm"]
issuers = [f"示例市{x}局" for x in ["民政", "财政", "教育", "交通", "卫生健康", "生态环境", "住房和城乡建设"]]
topics = ["综合政务", "民政、扶贫、救灾", "财政、金融、审计", "城乡建设、环境保护", "卫生、体育"]
cn = "一二三四五六七八九十"
phrases = [
    "认真贯彻落实《中华人民共和国政府信息公开条例》", "不断完善政务公开制度", "拓展公开渠道和方式",
    "全面提升政务服务水平", "扎实推进重点领域信息公开", "持续优化营商环境", "加强政策解读和回应关切",
    "健全工作机制", "强化监督检查", "推动各项工作落地见效", "切实保障人民群众的知情权、参与权和监督权",
]

def paragraph():
    return "，".join(rng.choice(phrases) for _ in range(rng.randint(4, 9))) + "。"

def body():
    parts, size, target = [], 0, rng.randint(3000, 8000)
    h = 0
    while size < target:
        title = f"{cn[h % 10]}、第{h + 1}项工作情况"
        parts.append(title)
        for k in range(rng.randint(1, 3)):
            parts.append(f"（{cn[k]}）{rng.choice(phrases)}。{paragraph()}")
        parts.append(paragraph())
        if h % 3 == 0:
            parts.append("| 项目 | 数量 | 同比 |\n|---|---|---|\n" + "\n".join(
                f"| 指标{j} | {rng.randint(10, 999)} | {rng.randint(-20, 40)}% |" for j in range(5)))
        h += 1
        size = len("\n\n".join(parts).encode())
    return "\n\n".join(parts) + "\n"

g, hugo = os.path.join(root, "gongkai"), os.path.join(root, "hugo")
for s in sections:
    os.makedirs(os.path.join(g, "content", s), exist_ok=True)
    os.makedirs(os.path.join(hugo, "content", s), exist_ok=True)
    open(os.path.join(g, "content", s, "_index.md"), "w").write(f"---\ntitle: 栏目{s}\n---\n")
    open(os.path.join(hugo, "content", s, "_index.md"), "w").write(f"---\ntitle: 栏目{s}\n---\n")
open(os.path.join(g, "config.yaml"), "w").write(
    "title: 基准测试站\nbase_url: https://bench.example.gov.cn/\nissuer: 示例市民政局\n")
os.makedirs(os.path.join(hugo, "layouts", "_default"), exist_ok=True)
open(os.path.join(hugo, "hugo.toml"), "w").write(
    'baseURL = "https://bench.example.gov.cn/"\ntitle = "基准测试站"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
layout = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n"
open(os.path.join(hugo, "layouts", "_default", "single.html"), "w").write(layout)
open(os.path.join(hugo, "layouts", "_default", "list.html"), "w").write(
    "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")
for i in range(n):
    s = sections[i % len(sections)]
    year = 2015 + i % 10
    date = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    b = body()
    title = f"{rng.choice(issuers)}关于第{i}项工作情况的报告"
    gfm = (f"---\ntitle: \"{title}\"\nindex_no: \"11371500004428004U/{year}-{i:06d}\"\n"
           f"issuer: \"{rng.choice(issuers)}\"\ndate: {date}\ntopics: [\"{rng.choice(topics)}\"]\n---\n\n{b}")
    open(os.path.join(g, "content", s, f"doc-{i:06d}.md"), "w").write(gfm)
    hfm = f"---\ntitle: \"{title}\"\ndate: {date}\n---\n\n{b}"
    open(os.path.join(hugo, "content", s, f"doc-{i:06d}.md"), "w").write(hfm)
