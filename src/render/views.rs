//! The views templates receive (documented in `themes/gov/README.md`): plain serialisable
//! structs built from the site tree, never the internal types themselves.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Identity;
use crate::content::date::DateView;
use crate::markdown::TocEntry;

/// `site`: the site identity as configured (its fields at the top level, the footer links in
/// this rendition), the address the site is published at and the top navigation.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// 网站名称, 网站标识码, 主办单位, 联系方式, 备案号, 党政机关网站标识, footer links, ….
    #[serde(flatten)]
    pub identity: Identity,
    /// Absolute base URL or `""`.
    pub base_url: String,
    /// `zh-CN`
    pub lang: &'static str,
    /// Host name.
    pub domain: String,
    /// Top navigation.
    pub nav: Vec<NavItem>,
}

/// A navigation entry.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Label.
    pub title: String,
    /// URL in this rendition.
    pub url: String,
    /// Whether the current page is in this section.
    pub current: bool,
}

/// `rendition`
#[derive(Debug, Clone, Serialize)]
pub struct RenditionView {
    /// 关怀版?
    pub care: bool,
    /// `标准版` / `关怀版`
    pub name: &'static str,
    /// Home URL in this rendition.
    pub home: String,
    /// The search page in this rendition.
    pub search: String,
    /// This page in the other rendition.
    pub other_url: String,
    /// Label of the other rendition.
    pub other_name: &'static str,
}

/// `assets`
#[derive(Debug, Clone, Serialize)]
pub struct AssetsView {
    /// Main stylesheet.
    pub css: String,
    /// Code highlighting stylesheet.
    pub highlight_css: String,
    /// Early preferences script (synchronous in `<head>`).
    pub prefs_js: String,
    /// Main script (`defer`).
    pub main_js: String,
    /// Large cursor image.
    pub cursor: String,
    /// 网站图标: the site's own (`favicon` in `config.yaml`) or the theme's neutral default.
    pub favicon: String,
    /// Its MIME type for `<link rel="icon" type>`, from the file name (empty when unknown).
    pub favicon_type: &'static str,
}

/// A `<meta name content>` pair.
#[derive(Debug, Clone, Serialize)]
pub struct MetaTag {
    /// `name`
    pub name: String,
    /// `content`
    pub content: String,
}

/// An Open Graph `<meta property content>` pair.
#[derive(Debug, Clone, Serialize)]
pub struct OgTag {
    /// `property`
    pub property: String,
    /// `content`
    pub content: String,
}

/// `head`
#[derive(Debug, Clone, Serialize)]
pub struct HeadView {
    /// `<title>`
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Canonical URL.
    pub canonical: String,
    /// Government page tags.
    pub meta: Vec<MetaTag>,
    /// Open Graph tags.
    pub og: Vec<OgTag>,
}

/// A link with a title.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Text.
    pub title: String,
    /// URL.
    pub url: String,
}

/// A row of the metadata panel.
#[derive(Debug, Clone, Serialize)]
pub struct MetaRow {
    /// Front-matter key.
    pub key: &'static str,
    /// Chinese label.
    pub label: &'static str,
    /// Value.
    pub value: String,
}

/// 落款
#[derive(Debug, Clone, Serialize)]
pub struct SignatureView {
    /// Issuer name.
    pub issuer: String,
    /// `2021年4月13日`
    pub date: String,
}

/// An attachment.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    /// 附件名称
    pub title: String,
    /// Download URL.
    pub url: String,
    /// `PDF`, `DOCX`, …
    pub ext: String,
    /// `1.2 MB`, or `""` for external files.
    pub size: String,
}

/// The QR code.
#[derive(Debug, Clone, Serialize)]
pub struct QrView {
    /// The QR code as a PNG `data:` URL (one pixel per module).
    pub src: String,
    /// Its width and height in modules, quiet zone included.
    pub modules: usize,
    /// The encoded URL.
    pub url: String,
}

/// Share targets.
#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    /// 微博
    pub weibo: String,
    /// QQ
    pub qq: String,
    /// QQ空间
    pub qzone: String,
}

/// `page`
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// 标题
    pub title: String,
    /// URL in this rendition.
    pub url: String,
    /// Absolute standard URL.
    pub permalink: Option<String>,
    /// Metadata panel rows.
    pub meta_rows: Vec<MetaRow>,
    /// 索引号
    pub index_no: String,
    /// 发布机构
    pub issuer: String,
    /// 文号
    pub doc_no: String,
    /// 体裁
    pub genre: String,
    /// 内容概述
    pub summary: String,
    /// 附注
    pub note: String,
    /// 主题分类
    pub topics: Vec<String>,
    /// 主题词
    pub keywords: Vec<String>,
    /// 发布日期
    pub date: DateView,
    /// 成文日期
    pub written_on: Option<DateView>,
    /// 有效性
    pub validity: String,
    /// 失效 or 废止
    pub invalid: bool,
    /// Notice text when invalid.
    pub validity_notice: String,
    /// Body HTML.
    pub content: String,
    /// Whether the body has code (load the highlight stylesheet).
    pub has_code: bool,
    /// 目录导读
    pub toc: Vec<TocEntry>,
    /// 落款 to print.
    pub signature: Option<SignatureView>,
    /// 附件
    pub attachments: Vec<AttachmentView>,
    /// 上一篇
    pub prev: Option<LinkView>,
    /// 下一篇
    pub next: Option<LinkView>,
    /// 原文: the 文件 this 解读 interprets.
    pub original: Option<LinkView>,
    /// 相关解读: the 解读 of this 文件.
    pub interpretations: Vec<LinkView>,
    /// QR code.
    pub qr: Option<QrView>,
    /// Share links.
    pub share: Option<ShareView>,
    /// Unknown front-matter keys.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A document in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// 标题
    pub title: String,
    /// URL in this rendition.
    pub url: String,
    /// 发布日期
    pub date: DateView,
    /// 索引号
    pub index_no: String,
    /// 文号
    pub doc_no: String,
    /// 发布机构
    pub issuer: String,
    /// 有效性
    pub validity: String,
    /// 失效 or 废止
    pub invalid: bool,
    /// The tag beside the title: 失效, 废止, 已结束 (a 公示), 待发布 (preview); else empty.
    pub tag: String,
}

/// A child section in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct SubsectionView {
    /// 栏目名称
    pub title: String,
    /// URL.
    pub url: String,
    /// Documents in it (with descendants).
    pub count: usize,
}

/// A page number link.
#[derive(Debug, Clone, Serialize)]
pub struct PageNumber {
    /// 1-based.
    pub number: usize,
    /// URL.
    pub url: String,
    /// The page being rendered.
    pub current: bool,
    /// Pages between the one listed before and this one are not listed (shown as “…”).
    pub gap_before: bool,
}

/// Pages linked on each side of the current one in a paginator.
pub const PAGE_WINDOW: usize = 2;

/// Pagination.
#[derive(Debug, Clone, Serialize)]
pub struct PaginatorView {
    /// Current page, 1-based.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Previous page URL.
    pub prev: Option<String>,
    /// Next page URL.
    pub next: Option<String>,
    /// The pages linked by number: the first, the last, and [`PAGE_WINDOW`] on each side of
    /// the current one (a section of 100,000 documents has thousands of pages).
    pub pages: Vec<PageNumber>,
}

/// `listing`
#[derive(Debug, Clone, Serialize)]
pub struct ListingView {
    /// Title.
    pub title: String,
    /// Intro HTML.
    pub description: String,
    /// Documents on this page.
    pub items: Vec<ItemView>,
    /// Child sections.
    pub subsections: Vec<SubsectionView>,
    /// Directory pages of the section.
    pub directories: Vec<LinkView>,
    /// Pagination.
    pub paginator: PaginatorView,
}

/// A directory term.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    /// Name.
    pub name: String,
    /// URL.
    pub url: String,
    /// Number of documents.
    pub count: usize,
}

/// `directory`
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryView {
    /// Title.
    pub title: String,
    /// `year`, `issuer` or `topic`.
    pub kind: &'static str,
    /// Terms.
    pub terms: Vec<TermView>,
}

/// A section on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeSection {
    /// 栏目名称
    pub title: String,
    /// URL.
    pub url: String,
    /// Newest documents.
    pub items: Vec<ItemView>,
}

/// `home`
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// Intro HTML.
    pub intro: String,
    /// Sections with their newest documents.
    pub sections: Vec<HomeSection>,
}

/// `section` on document pages.
#[derive(Debug, Clone, Serialize)]
pub struct SectionRef {
    /// 栏目名称
    pub title: String,
    /// URL.
    pub url: String,
}

/// `search` (search.html)
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// The form's action: this search page.
    pub action: String,
    /// URL of `search/index.json`.
    pub index_url: String,
    /// URL of `search.js`.
    pub script: String,
    /// URL prefix of this rendition (`/` or `/care/`); result URLs are appended to it.
    pub prefix: String,
    /// The 关怀版 home page.
    pub care_home: String,
    /// 年度 options, newest first.
    pub years: Vec<SearchOption>,
    /// 发布机构 options, most documents first.
    pub issuers: Vec<SearchOption>,
    /// 主题分类 options, most documents first.
    pub topics: Vec<SearchOption>,
    /// The 信息公开目录 of each top section (fallback without JavaScript).
    pub directories: Vec<SearchDirectory>,
}

/// One `<option>` of a search filter.
#[derive(Debug, Clone, Serialize)]
pub struct SearchOption {
    /// Value in the URL (`2021`, `市民政局`).
    pub value: String,
    /// Label (`2021年`).
    pub label: String,
    /// Number of documents.
    pub count: usize,
}

/// The directory pages of one top section.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDirectory {
    /// Section title.
    pub title: String,
    /// Section URL.
    pub url: String,
    /// 按年度 / 按发布机构 / 按主题分类 links.
    pub links: Vec<LinkView>,
}

/// A section on the 网站地图.
#[derive(Debug, Clone, Serialize)]
pub struct SitemapEntry {
    /// 栏目名称
    pub title: String,
    /// URL.
    pub url: String,
    /// Documents in it (with descendants).
    pub count: usize,
    /// Nesting depth, 1 for top-level sections.
    pub depth: usize,
    /// Its directory pages (按年度, …).
    pub directories: Vec<LinkView>,
}

/// `sitemap`
#[derive(Debug, Clone, Serialize)]
pub struct SitemapView {
    /// Pages that are not sections (首页, 站内检索, 关怀版).
    pub pages: Vec<LinkView>,
    /// Sections in tree order.
    pub sections: Vec<SitemapEntry>,
}
