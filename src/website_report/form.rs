//! The rows of the 《政府网站工作年度报表》 (国办函〔2018〕12号), in the form's order, each with
//! where its value comes from.

/// Where a row's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Written by the office in `config.yaml` under the row's key.
    Office,
    /// 网站名称 (`title`).
    Title,
    /// 首页网址 (`base_url`).
    Address,
    /// 主办单位 (`organizer`).
    Organizer,
    /// 网站类型 (`website_report.kind`).
    Kind,
    /// 政府网站标识码 (`site_id_code`).
    SiteId,
    /// ICP备案号 (`icp`).
    Icp,
    /// 公安机关备案号 (`police_beian`).
    PoliceBeian,
    /// Documents published in the year.
    Published,
    /// Documents of the year with a 索引号 (信息公开目录).
    Catalogued,
    /// 政策解读 published in the year (documents with `interprets`).
    Interpretations,
    /// 无障碍浏览: every gongkai site has the 无障碍 toolbar and the 关怀版.
    Accessible,
}

/// One row: its group (a heading spanning its rows, or `""`), its key (the item's name, used in
/// `config.yaml`), its label and unit as the form prints them, and its source.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// The group heading (`信息发布`), `""` for a row of its own.
    pub group: &'static str,
    /// The item's name, as written in `config.yaml` for [`Source::Office`].
    pub key: &'static str,
    /// The label the form prints.
    pub label: &'static str,
    /// 单位, or `""`.
    pub unit: &'static str,
    /// Where the value comes from.
    pub source: Source,
}

const fn row(
    group: &'static str,
    key: &'static str,
    label: &'static str,
    unit: &'static str,
    source: Source,
) -> Row {
    Row {
        group,
        key,
        label,
        unit,
        source,
    }
}

use Source::*;

/// The form.
pub const ROWS: [Row; 56] = [
    row("", "网站名称", "网站名称", "", Title),
    row("", "首页网址", "首页网址", "", Address),
    row("", "主办单位", "主办单位", "", Organizer),
    row("", "网站类型", "网站类型", "", Kind),
    row("", "政府网站标识码", "政府网站标识码", "", SiteId),
    row("", "ICP备案号", "ICP备案号", "", Icp),
    row("", "公安机关备案号", "公安机关备案号", "", PoliceBeian),
    row("", "独立用户访问总量", "独立用户访问总量", "个", Office),
    row("", "网站总访问量", "网站总访问量", "次", Office),
    row("信息发布", "信息发布总数", "总数", "条", Published),
    row(
        "信息发布",
        "概况类信息更新量",
        "其中：概况类信息更新量",
        "条",
        Office,
    ),
    row(
        "信息发布",
        "政务动态信息更新量",
        "政务动态信息更新量",
        "条",
        Office,
    ),
    row(
        "信息发布",
        "信息公开目录信息更新量",
        "信息公开目录信息更新量",
        "条",
        Catalogued,
    ),
    row("专栏专题", "专栏专题维护数量", "维护数量", "个", Office),
    row("专栏专题", "专栏专题新开设数量", "新开设数量", "个", Office),
    row("政策解读", "政策解读总数", "总数", "条", Interpretations),
    row(
        "政策解读",
        "解读材料数量",
        "其中：解读材料数量",
        "条",
        Office,
    ),
    row("政策解读", "解读产品数量", "解读产品数量", "条", Office),
    row(
        "政策解读",
        "媒体评论文章数量",
        "媒体评论文章数量",
        "条",
        Office,
    ),
    row(
        "",
        "回应公众关注热点或重大舆情数量",
        "回应公众关注热点或重大舆情数量",
        "次",
        Office,
    ),
    row(
        "办事服务",
        "是否发布服务事项目录",
        "是否发布服务事项目录",
        "",
        Office,
    ),
    row("办事服务", "注册用户数", "注册用户数", "个", Office),
    row(
        "办事服务",
        "政务服务事项数量",
        "政务服务事项数量",
        "项",
        Office,
    ),
    row(
        "办事服务",
        "可全程在线办理政务服务事项数量",
        "可全程在线办理政务服务事项数量",
        "项",
        Office,
    ),
    row("办事服务", "办件量总数", "办件量：总数", "件", Office),
    row(
        "办事服务",
        "自然人办件量",
        "办件量：自然人办件量",
        "件",
        Office,
    ),
    row("办事服务", "法人办件量", "办件量：法人办件量", "件", Office),
    row(
        "互动交流",
        "是否使用统一平台",
        "是否使用统一平台",
        "",
        Office,
    ),
    row(
        "互动交流",
        "收到留言数量",
        "留言办理：收到留言数量",
        "条",
        Office,
    ),
    row(
        "互动交流",
        "办结留言数量",
        "留言办理：办结留言数量",
        "条",
        Office,
    ),
    row(
        "互动交流",
        "平均办理时间",
        "留言办理：平均办理时间",
        "天",
        Office,
    ),
    row(
        "互动交流",
        "公开答复数量",
        "留言办理：公开答复数量",
        "条",
        Office,
    ),
    row(
        "互动交流",
        "征集调查期数",
        "征集调查：征集调查期数",
        "期",
        Office,
    ),
    row(
        "互动交流",
        "收到意见数量",
        "征集调查：收到意见数量",
        "条",
        Office,
    ),
    row(
        "互动交流",
        "公布调查结果期数",
        "征集调查：公布调查结果期数",
        "期",
        Office,
    ),
    row(
        "互动交流",
        "在线访谈期数",
        "在线访谈：访谈期数",
        "期",
        Office,
    ),
    row(
        "互动交流",
        "网民留言数量",
        "在线访谈：网民留言数量",
        "条",
        Office,
    ),
    row(
        "互动交流",
        "答复网民提问数量",
        "在线访谈：答复网民提问数量",
        "条",
        Office,
    ),
    row(
        "互动交流",
        "是否提供智能问答",
        "是否提供智能问答",
        "",
        Office,
    ),
    row(
        "安全防护",
        "安全检测评估次数",
        "安全检测评估次数",
        "次",
        Office,
    ),
    row("安全防护", "发现问题数量", "发现问题数量", "个", Office),
    row("安全防护", "问题整改数量", "问题整改数量", "个", Office),
    row(
        "安全防护",
        "是否建立安全监测预警机制",
        "是否建立安全监测预警机制",
        "",
        Office,
    ),
    row(
        "安全防护",
        "是否开展应急演练",
        "是否开展应急演练",
        "",
        Office,
    ),
    row(
        "安全防护",
        "是否明确网站安全责任人",
        "是否明确网站安全责任人",
        "",
        Office,
    ),
    row(
        "移动新媒体",
        "是否有移动新媒体",
        "是否有移动新媒体",
        "",
        Office,
    ),
    row(
        "移动新媒体",
        "微博",
        "微博：名称、信息发布量、关注量",
        "",
        Office,
    ),
    row(
        "移动新媒体",
        "微信",
        "微信：名称、信息发布量、订阅数",
        "",
        Office,
    ),
    row("移动新媒体", "其他移动新媒体", "其他", "", Office),
    row(
        "创新发展",
        "创新发展",
        "搜索即服务、多语言版本、千人千网及其他",
        "",
        Office,
    ),
    row("创新发展", "无障碍浏览", "无障碍浏览", "", Accessible),
    row("", "单位负责人", "单位负责人", "", Office),
    row("", "审核人", "审核人", "", Office),
    row("", "填报人", "填报人", "", Office),
    row("", "联系电话", "联系电话", "", Office),
    row("", "填报日期", "填报日期", "", Office),
];

/// The keys the office writes in `config.yaml`.
pub fn office_keys() -> Vec<&'static str> {
    ROWS.iter()
        .filter(|r| r.source == Source::Office)
        .map(|r| r.key)
        .collect()
}
