//! Content: everything read from `content/` and the site tree built from it.
//!
//! Stages: [`load`] (walk and read, front matter checked per file), [`disclosure`] (site-wide
//! checks of 索引号, 文号, dates and required fields), [`tree`] (sections, URLs, listings).
//! [`index_no`] knows the 索引号 schemes and numbers new documents.

pub mod date;
pub mod disclosure;
pub mod document;
pub mod front_matter;
pub mod index_no;
pub mod load;
pub mod tree;
