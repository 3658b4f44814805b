//! Checked front matter kept between builds: what the load stage asks of the build cache
//! ([`KeptFronts`], kept by `crate::cache`), and how a [`DocumentMeta`] is written into it.
//!
//! Checking a document's front matter reads its file name (messages name it) and the YAML
//! between its `---` lines, nothing else: no clock, no other file, no setting. So the
//! [`DocumentMeta`] and the problems checking the same name and YAML gave before are what
//! checking them again gives, and a build takes them from the cache instead of parsing the
//! YAML again.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::content::document::DocumentMeta;
use crate::content::front_matter::DOCUMENT_FIELDS;
use crate::diagnostics::Diagnostic;

/// Front matter checked by an earlier build, by file name and YAML text.
pub trait KeptFronts: Sync {
    /// The fields and problems checking `yaml`, the front matter of `file`, gave before.
    fn get(&self, file: &Path, yaml: &str) -> Option<(DocumentMeta, Vec<Diagnostic>)>;
    /// Keeps what checking `yaml`, the front matter of `file`, gave: `meta` and `found`.
    fn put(&self, file: &Path, yaml: &str, meta: &DocumentMeta, found: &[Diagnostic]);
    /// The load stage is over: what was kept can be written and let go.
    fn loaded(&self);
}

/// A YAML value written as its YAML text (the cache's format does not describe itself).
pub(crate) mod yaml_text {
    use super::*;
    use serde_yaml::Value;

    /// Writes `value` as YAML text.
    pub fn serialize<S: Serializer>(value: &Option<Value>, s: S) -> Result<S::Ok, S::Error> {
        let text = value.as_ref().map(serde_yaml::to_string).transpose();
        text.map_err(serde::ser::Error::custom)?.serialize(s)
    }

    /// Reads a value written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        let value = text.as_deref().map(serde_yaml::from_str).transpose();
        value.map_err(serde::de::Error::custom)
    }
}

/// Unknown fields written as JSON text.
pub(crate) mod json_text {
    use super::*;

    type Fields = BTreeMap<String, serde_json::Value>;

    /// Writes `fields` as JSON text.
    pub fn serialize<S: Serializer>(fields: &Fields, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(fields).map_err(serde::ser::Error::custom)?;
        text.serialize(s)
    }

    /// Reads fields written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Fields, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// The positions of the fields, by the English key of each ([`DOCUMENT_FIELDS`]).
pub(crate) mod field_positions {
    use super::*;

    type Positions = BTreeMap<&'static str, (usize, usize)>;

    /// Writes `positions` as (key, position) pairs.
    pub fn serialize<S: Serializer>(positions: &Positions, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(positions.iter())
    }

    /// Reads positions written by [`serialize`]; a key that is not a document field is an error.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Positions, D::Error> {
        let pairs: Vec<(String, (usize, usize))> = Vec::deserialize(d)?;
        (pairs.into_iter())
            .map(|(key, at)| {
                let field = DOCUMENT_FIELDS.iter().find(|f| f.key == key);
                let field = field.ok_or_else(|| serde::de::Error::custom("unknown field"))?;
                Ok((field.key, at))
            })
            .collect()
    }
}
