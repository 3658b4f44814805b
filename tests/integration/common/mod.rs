//! Shared helpers of the integration tests, re-exported together so that every test module
//! needs only `use crate::common::*;`:
//!
//! - [`run`]: running the `gongkai` binary and reading what it printed;
//! - [`site`]: writing sites from fixtures or given documents, building them, reading their output;
//! - [`html`]: CSS queries and the parts of a page that tests look at.

pub mod html;
pub mod run;
pub mod site;

pub use html::*;
pub use run::*;
pub use site::*;
