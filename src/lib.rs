//! gongkai (公开): a static site generator for Chinese government information-disclosure
//! (政府信息公开) websites.
//!
//! The build is a line of stages, each a module:
//!
//! 1. config — [`config`]: `config.yaml`, raw → resolved.
//! 2. load — [`content::load`]: walk `content/`, read front matter (checked field by field).
//! 3. site tree — [`content::tree`]: sections, URLs, listings, neighbours, directory terms.
//! 4. validate — [`content::disclosure`]: site-wide checks (索引号, 文号, dates, required fields;
//!    footer items, links and the 错敏词 list in [`pipeline`]).
//! 5. markdown — [`markdown`]: bodies to HTML (Chinese numbering, 目录导读, 落款, links, code).
//! 6. render — [`render`]: Tera templates of the [`theme`], both renditions (standard and 关怀版),
//!    made in parallel from the output map of [`pipeline::Origin`].
//! 7. precompress/manifest — [`precompress`]: `.gz` and `.br` copies of the text files;
//!    [`manifest`]: the list of published files with their SHA-256, signed (`build` only).
//! 8. write — [`pipeline::Sink`]: each file as it is made; [`pipeline::DirWriter`] replaces the
//!    output folder atomically.
//!
//! [`pipeline::Build`] runs them and keeps their results for watch mode ([`watch`], [`serve`]).
//! [`import`] brings documents in from Word `.docx` 公文 and pages of an old CMS.
//! [`inspect`] applies the national 政府网站 inspection rules for `gongkai check`.
//! [`lifecycle`] follows documents over time: scheduled publishing, validity, 修改/废止/替代,
//! JSON-LD, feeds, the catalog and the 年报 tables. [`review`] holds documents back until every
//! review level has signed their exact content; [`record`] keeps the publication record.
//! [`calendar`] knows the working days (放假 and 调休), [`register`] reads the 依申请公开 register
//! and its deadlines, [`website_report`] makes the 政府网站工作年度报表.

// The library exists for the binary, the tests and the fuzz targets: its docs are read with
// `cargo doc --document-private-items`, so public docs may link to crate-private stages.
#![allow(rustdoc::private_intra_doc_links)]

pub(crate) mod cache;
pub mod calendar;
pub mod cli;
pub mod cli_zh;
pub mod cmd;
pub mod config;
pub mod content;
pub mod deploy;
pub mod diagnostics;
pub(crate) mod edit;
pub mod fs;
pub mod harness;
pub(crate) mod import;
pub(crate) mod inspect;
pub mod lifecycle;
pub(crate) mod manifest;
pub(crate) mod markdown;
pub mod memory;
pub mod output;
pub(crate) mod pagemap;
pub(crate) mod pipeline;
pub mod precompress;
pub mod record;
pub(crate) mod register;
pub(crate) mod render;
pub mod review;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod serve_hosts;
pub(crate) mod text;
pub(crate) mod theme;
pub(crate) mod url;
pub(crate) mod verify;
pub(crate) mod watch;
pub(crate) mod website_report;
