//! Content: everything read from `content/` and the site tree built from it.
//!
//! Stages 2–4: [`load`] (walk and read, front matter checked per file), [`tree`] (sections, URLs,
//! listings), [`disclosure`] (validate: site-wide checks of 索引号, 文号, dates and required
//! fields).
//! [`index_no`] knows the 索引号 schemes and numbers new documents.

pub mod date;
pub(crate) mod disclosure;
pub(crate) mod document;
pub(crate) mod front_matter;
pub(crate) mod hashed;
pub(crate) mod index_no;
pub(crate) mod kept;
pub(crate) mod load;
pub(crate) mod placeholder;
pub(crate) mod register_file;
pub(crate) mod tree;
