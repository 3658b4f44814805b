//! Stage 6, render, through the build cache ([`crate::cache`]): a page whose key (templates and
//! context) the previous build recorded is taken from the previous output by the sink, with
//! its compressed copies, instead of being rendered, hashed and compressed again.

use super::*;
use crate::cache::{page_key, Key};

/// What [`Build::make_cached`] did with one output file.
pub(super) enum Cached {
    /// The sink took the previous output's file, which is this entry.
    Reused(FileEntry),
    /// The file was made (or failed to be), with the page's key when it has one.
    Made(Result<OutputFile, Diagnostic>, Option<Key>),
}

impl Build {
    /// Makes the output file `rel`, or has `sink` reuse it when it is a page the sink's cache
    /// knows. A reused page's key is recorded again for the next build.
    pub(super) fn make_cached(
        &self,
        rel: &str,
        origin: &Origin,
        sink: &dyn Sink,
    ) -> anyhow::Result<Cached> {
        let (Some(cache), Origin::Page(job, rendition), Some(renderer)) =
            (sink.cache(), origin, &self.renderer)
        else {
            return Ok(Cached::Made(self.make_from(origin), None));
        };
        let (template, context) = renderer.context(self.judged(), &self.bodies, job, *rendition);
        let key = page_key(renderer.fingerprint(), template, &context);
        if let Some((key, entry)) = key.and_then(|k| Some((k, cache.get(&k)?))) {
            if sink.reuse(rel, entry)? {
                cache.reuse(key, entry.clone());
                return Ok(Cached::Reused(entry.clone()));
            }
        }
        let made = renderer
            .render_context(template, &context)
            .map(|html| OutputFile::Bytes(html.into()));
        Ok(Cached::Made(made, key))
    }
}
