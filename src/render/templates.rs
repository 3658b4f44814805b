//! Templates: the theme's Tera templates compiled once and one page rendered per job and
//! rendition; Tera's errors become located diagnostics ([`crate::diagnostics::tera`]).

use super::*;
use crate::diagnostics::tera::template_error;

/// Room reserved for a rendered page, so that most pages (a median document page is about
/// 16 KB) are written without growing the buffer.
const PAGE_CAPACITY: usize = 24 * 1024;

/// Compiled templates and the fixed asset URLs of one build.
pub struct Renderer {
    tera: Tera,
    /// Template name → file shown in messages (the site's override or the built-in theme).
    origins: BTreeMap<String, String>,
    pub(super) asset_version: String,
    /// SHA-256 of every template (name and text) and the asset version: what, besides its
    /// context, a page depends on (see [`crate::cache`]).
    fingerprint: [u8; 32],
}

impl Renderer {
    /// Compiles the theme's templates; a broken template is reported with its file and line.
    pub fn new(theme: &Theme, diags: &mut Diagnostics) -> Option<Renderer> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        let templates: Vec<(String, String)> = theme
            .templates()
            .filter_map(|(name, file)| {
                String::from_utf8(file.bytes.clone())
                    .map_err(|_| {
                        diags.push(Diagnostic::error(
                            Path::new(&file.origin),
                            0,
                            0,
                            "模板不是 UTF-8 编码",
                        ))
                    })
                    .ok()
                    .map(|text| (name.to_string(), text))
            })
            .collect();
        let origins: BTreeMap<String, String> = theme
            .templates()
            .map(|(name, f)| (name.to_string(), f.origin.clone()))
            .collect();
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            diags.push(template_error(&origins, "base.html", &e, "模板有语法错误"));
            return None;
        }
        for required in [
            "page.html",
            "listing.html",
            "directory.html",
            "index.html",
            "404.html",
        ] {
            if !tera.contains_template(required) {
                diags.push(Diagnostic::error(
                    Path::new("themes"),
                    0,
                    0,
                    format!("主题缺少模板 templates/{required}"),
                ));
            }
        }
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for (_, f) in theme.statics() {
            hasher.update(&f.bytes);
        }
        let asset_version: String = hasher.finalize()[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut hasher = Sha256::new();
        for (name, text) in &templates {
            for part in [name.as_bytes(), b"\0", text.as_bytes(), b"\0"] {
                hasher.update(part);
            }
        }
        hasher.update(asset_version.as_bytes());
        Some(Renderer {
            origins,
            tera,
            asset_version,
            fingerprint: hasher.finalize().into(),
        })
    }

    /// What makes the context of a page in `rendition`.
    pub(super) fn page_context<'a>(
        &'a self,
        judged: Judged<'a>,
        rendition: Rendition,
    ) -> PageContext<'a> {
        PageContext {
            site: judged.site,
            judged,
            rendition,
            version: &self.asset_version,
        }
    }

    /// What, besides its context, every page depends on: the templates and the asset version.
    pub fn fingerprint(&self) -> &[u8; 32] {
        &self.fingerprint
    }

    /// Renders one page in one rendition.
    pub fn render(
        &self,
        judged: Judged<'_>,
        bodies: &[Option<RenderedBody>],
        job: &PageJob,
        rendition: Rendition,
    ) -> Result<Vec<u8>, Diagnostic> {
        let (template, context) = self.context(judged, bodies, job, rendition);
        self.render_context(template, &context)
    }

    /// The template and the context of one page in one rendition: all a page is made from
    /// (templates use no function or filter of their own that reads anything else).
    pub fn context(
        &self,
        judged: Judged<'_>,
        bodies: &[Option<RenderedBody>],
        job: &PageJob,
        rendition: Rendition,
    ) -> (&'static str, Context) {
        let cx = self.page_context(judged, rendition);
        if let Some(page) = cx.list_page(job, bodies) {
            return (page.template(), page.context(&cx));
        }
        match job {
            PageJob::Home => ("index.html", cx.home(bodies)),
            PageJob::NotFound => ("404.html", cx.not_found()),
            PageJob::Search => ("search.html", cx.search()),
            PageJob::Sitemap => ("sitemap.html", cx.sitemap()),
            PageJob::Document(d) => ("page.html", cx.document(*d, bodies[*d].as_ref())),
            PageJob::Section { .. } | PageJob::Term { .. } | PageJob::Directory { .. } => {
                unreachable!("every listing job has a list page")
            }
        }
    }

    /// Renders a template with a context made by [`Renderer::context`].
    pub fn render_context(&self, template: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        // Rendered into bytes: `Tera::render` would check the whole page again for valid UTF-8
        // (4 % of a large build), and pages are written as bytes anyway.
        let mut html = Vec::with_capacity(PAGE_CAPACITY);
        self.tera
            .render_to(template, context, &mut html)
            .map_err(|e| template_error(&self.origins, template, &e, "渲染模板出错"))?;
        Ok(html)
    }
}
