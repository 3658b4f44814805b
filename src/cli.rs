//! Command-line definitions (clap). Each subcommand is carried out by a module under `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::config::Addressing;

/// gongkai（公开）：政府信息公开网站的静态网站生成器。
#[derive(Debug, Parser)]
#[command(
    name = "gongkai",
    version,
    about = "gongkai（公开）：政府信息公开网站的静态网站生成器",
    long_about = None,
    disable_help_subcommand = true,
    subcommand_value_name = "命令",
    after_help = "先运行 gongkai init 新建站点，或在站点目录中运行 gongkai serve 预览。"
)]
pub struct Cli {
    /// 要执行的命令
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成整个网站到 public/（失败时保留原有的 public/）
    Build(BuildArgs),
    /// 只检查内容（索引号、文号、日期、站内链接与锚点、无障碍问题、栏目时效、个人信息、错敏词、政策解读），不写文件
    Check(CheckArgs),
    /// 在浏览器中编辑、导入和预览文档（含 serve 的预览；只在本机）
    Edit(EditArgs),
    /// 把生成的网站发布到文件夹、SSH 服务器或对象存储：只传新增和改动的文件，顺序保证网站始终完整，传完后核对
    Deploy(DeployArgs),
    /// 导入 Word/WPS 公文（.docx）或旧网站保存的页面（.html），生成文档
    Import(ImportArgs),
    /// 新建一个可以立即生成的站点
    Init(InitArgs),
    /// 生成为发布清单签名的密钥对（公钥 site.pub 存入站点目录，私钥存到站点目录之外）
    Keygen(KeygenArgs),
    /// 新建一篇文档，自动填好 front matter
    New(NewArgs),
    /// 审核：签署（通过或退回）一篇文档的一级审核，或列出待审的文档
    #[command(subcommand)]
    Review(ReviewCommand),
    /// 生成并在本机预览网站，保存后自动刷新（不改动 public/）
    Serve(ServeArgs),
    /// 按发布清单核对已部署的网站（目录或网址）：列出被改动、多出和缺少的文件，并核对签名
    Verify(VerifyArgs),
}

/// Options shared by commands that read a site.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// 站点根目录（含 config.yaml 和 content/）
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 覆盖 config.yaml 中的 base_url（网站地址）
    #[arg(long)]
    pub base_url: Option<String>,
    /// 同时生成 draft: true 的草稿
    #[arg(long)]
    pub drafts: bool,
    /// 把警告当作错误（有警告即失败）
    #[arg(long)]
    pub strict: bool,
    /// 按这一天（YYYY-MM-DD，北京时间 0 点；或 YYYY-MM-DD HH:MM）判断定时发布、有效期、公示截止和栏目时效，默认为现在
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

/// `gongkai build`
#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// 输出目录（默认为站点根目录下的 public/）
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// 生成后继续监视文件，保存即增量更新
    #[arg(long, short)]
    pub watch: bool,
    /// 用轮询代替系统文件通知（网络盘、WSL）
    #[arg(long)]
    pub poll: bool,
    /// 不生成 .gz 和 .br 预压缩文件（默认为 1 KB 以上的 HTML、CSS、JS、JSON、XML、SVG 文件生成）
    #[arg(long)]
    pub no_precompress: bool,
}

/// `gongkai check`
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// 把 Markdown 源文件中未遮盖的身份证号、手机号码、银行卡号改为遮盖后的写法（附件只报告）
    #[arg(long)]
    pub fix: bool,
    /// 把检查报告（index.html 和 report.json）写入此目录
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// 输出格式：text（只在 stderr 逐行列出问题）或 json（另在 stdout 输出 JSON，供 CI 使用）
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// 不读取附件（PDF、.docx、.xlsx）的文字
    #[arg(long)]
    pub no_attachments: bool,
}

/// Output format of `gongkai check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Compiler-style lines on stderr.
    Text,
    /// The lines, and the report as JSON on stdout.
    Json,
}

/// `gongkai serve`
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// 端口（0 表示自动选择空闲端口）
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// 监听地址（默认只允许本机访问）
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// 启动后在浏览器中打开
    #[arg(long)]
    pub open: bool,
    /// 打开关怀版
    #[arg(long)]
    pub care: bool,
    /// 用轮询代替系统文件通知（网络盘、WSL）
    #[arg(long)]
    pub poll: bool,
}

/// `gongkai edit`
#[derive(Debug, Clone, Args)]
pub struct EditArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// 端口（0 表示自动选择空闲端口）
    #[arg(long, short, default_value_t = 1112)]
    pub port: u16,
    /// 监听地址（默认只允许本机访问；其他地址必须同时设置 --password）
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// 打开编辑页面前要输入的密码（--bind 到其他地址时必需；也可用环境变量 GONGKAI_EDIT_PASSWORD）
    #[arg(long)]
    pub password: Option<String>,
    /// 启动后在浏览器中打开
    #[arg(long)]
    pub open: bool,
    /// 用轮询代替系统文件通知（网络盘、WSL）
    #[arg(long)]
    pub poll: bool,
}

/// `gongkai import`
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// 要导入的 .docx 文件、保存的 HTML 页面，或包含它们的文件夹
    #[arg(required_unless_present = "site", conflicts_with = "site")]
    pub paths: Vec<PathBuf>,
    /// 导入到哪个栏目（content/ 下的文件夹），如 xxgk/zcwj
    #[arg(long, short, required_unless_present = "site", conflicts_with = "site")]
    pub section: Option<String>,
    /// 迁移整个旧网站：wget --mirror、HTTrack 或浏览器保存的镜像文件夹
    #[arg(long, value_name = "MIRROR")]
    pub site: Option<PathBuf>,
    /// 站点根目录（含 config.yaml 和 content/）
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 只显示识别结果，不写任何文件
    #[arg(long)]
    pub dry_run: bool,
    /// 覆盖已存在的文件
    #[arg(long)]
    pub force: bool,
}

/// `gongkai init`
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// 新站点的目录（不存在或为空）
    pub dir: PathBuf,
}

/// `gongkai new`
#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// 文档路径，如 content/xxgk/tzgg/2021-gzbg.md
    pub path: PathBuf,
    /// 站点根目录
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 文档标题
    #[arg(long)]
    pub title: Option<String>,
}

/// `gongkai keygen`
#[derive(Debug, Clone, Args)]
pub struct KeygenArgs {
    /// 站点根目录（公钥 site.pub 写在这里）
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 私钥文件（默认为 ~/.gongkai/网站域名.key；不能在站点目录中）
    #[arg(long, value_name = "FILE")]
    pub secret_key: Option<PathBuf>,
    /// 覆盖已有的密钥文件
    #[arg(long)]
    pub force: bool,
    /// 为这位审核人生成签署审核用的密钥对（公钥存入站点的 reviewers/，私钥默认存到 ~/.gongkai/reviewer-姓名.key）
    #[arg(long, value_name = "姓名")]
    pub reviewer: Option<String>,
}

/// `gongkai review …`
#[derive(Debug, Clone, Subcommand)]
pub enum ReviewCommand {
    /// 签署通过：文档当前的内容（front matter、正文、附件）通过这一级审核
    Approve(ReviewSignArgs),
    /// 退回：写明意见，文档修改后重新送审
    Reject(ReviewSignArgs),
    /// 列出待审的文档：每篇等谁签署、已通过哪几级、哪些签署已作废
    List(ReviewListArgs),
}

/// `gongkai review approve|reject`
#[derive(Debug, Clone, Args)]
pub struct ReviewSignArgs {
    /// 文档，如 content/xxgk/a.md
    pub document: PathBuf,
    /// 审核级别，如 初审、复审、终审
    #[arg(long)]
    pub level: String,
    /// 审核人姓名
    #[arg(long)]
    pub by: String,
    /// 审核意见（退回时必填）
    #[arg(long, default_value = "")]
    pub note: String,
    /// 审核人的私钥文件（默认为 ~/.gongkai/reviewer-姓名.key，存在时使用）
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// 站点根目录
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// `gongkai review list`
#[derive(Debug, Clone, Args)]
pub struct ReviewListArgs {
    /// 站点根目录
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 也列出已通过全部审核的文档
    #[arg(long)]
    pub all: bool,
}

/// `gongkai verify`
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// 已部署网站的目录，或网址（https://www.example.gov.cn/）
    pub target: String,
    /// 公钥文件（默认为站点根目录下的 site.pub）；有公钥时，清单必须带有效签名
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// 站点根目录（在其中查找 site.pub）
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 用这份清单核对（如本机保存的 gongkai-manifest.sha256），而不用被核对网站上的清单
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
}

/// `gongkai deploy`
#[derive(Debug, Clone, Default, Args)]
pub struct DeployArgs {
    /// 部署目标：文件夹、sftp://用户@主机[:端口]/目录 或 s3://存储桶/前缀（默认为 config.yaml 中的 deploy.target）
    pub target: Option<String>,
    /// 站点根目录（发布其中 public/ 的内容）
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 只列出部署计划（各类文件的个数和大小、要删除的文件），不做任何改动
    #[arg(long)]
    pub dry_run: bool,
    /// 最多删除多少个文件，超过则在删除前停止（默认为目标上文件数的 5%，至少 10 个）
    #[arg(long, value_name = "N")]
    pub max_deletes: Option<usize>,
    /// 对象存储的服务地址，如 https://oss-cn-hangzhou.aliyuncs.com
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// 对象存储的区域，如 cn-hangzhou
    #[arg(long)]
    pub region: Option<String>,
    /// 存储桶的寻址方式（默认：服务地址为 IP 或 localhost 时用 path，否则用 virtual-host）
    #[arg(long, value_enum)]
    pub addressing: Option<Addressing>,
    /// SSH 私钥文件（默认用 ssh-agent 和 SSH 配置中的密钥）
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// SSH 配置文件（ssh -F）
    #[arg(long, value_name = "FILE")]
    pub ssh_config: Option<PathBuf>,
    /// 解除目标上另一次部署留下的锁（确认它已中断时使用）
    #[arg(long)]
    pub break_lock: bool,
}
