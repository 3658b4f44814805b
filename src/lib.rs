//! gongkai (公开): a static site generator for Chinese government information-disclosure
//! (政府信息公开) websites.
//!
//! The build is a line of stages, each a module:
//!
//! 1. [`config`] — `config.yaml`, raw → resolved.
//! 2. [`content::load`] — walk `content/`, read front matter (checked field by field).
//! 3. [`content::tree`] — sections, URLs, listings, neighbours, directory terms.
//! 4. [`content::disclosure`] — site-wide checks (索引号, 文号, dates, required fields).
//! 5. [`markdown`] — bodies to HTML (Chinese numbering, 目录导读, 落款, links, code).
//! 6. [`render`] — Tera templates of the [`theme`], both renditions (standard and 关怀版).
//! 7. [`precompress`] — `.gz` and `.br` copies of the text files (`build` only).
//! 8. [`manifest`] — the list of published files with their SHA-256, signed (`build` only).
//! 9. [`pipeline::write_output`] — the output folder, replaced atomically.
//!
//! [`pipeline::Build`] runs them and keeps their results for watch mode ([`watch`], [`serve`]).
//! [`import`] brings documents in from Word `.docx` 公文 and pages of an old CMS.
//! [`inspect`] applies the national 政府网站 inspection rules for `gongkai check`.
//! [`lifecycle`] follows documents over time: scheduled publishing, validity, 修改/废止/替代,
//! JSON-LD, feeds, the catalog and the 年报 tables.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod harness;
pub mod import;
pub mod inspect;
pub mod lifecycle;
pub mod manifest;
pub mod markdown;
pub mod pagemap;
pub mod pipeline;
pub mod precompress;
pub mod render;
pub mod search;
pub mod serve;
pub mod text;
pub mod theme;
pub mod watch;
