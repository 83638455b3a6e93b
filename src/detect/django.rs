//! Django projects: `manage.py` → the settings module it names
//! (`DJANGO_SETTINGS_MODULE`) → `WSGI_APPLICATION` / `ASGI_APPLICATION`,
//! `STATIC_ROOT`, how `SECRET_KEY` and `ALLOWED_HOSTS` are read, and the
//! URL patterns under `ROOT_URLCONF` (for a health route).
//!
//! Settings split over several modules (`from .base import *`) are
//! followed one level of star imports deep. Nothing is executed: a value
//! the settings compute is reported as unknown.

use super::apps::{Route, SourceModule};
pub use super::django_db::SqliteFile;
use super::python_source::{Call, Scope, Value};
use crate::evidence::{Located, Location};
use serde::Serialize;

/// URL includes followed at most this deep.
const MAX_URL_DEPTH: usize = 4;
/// URL patterns read at most, over all includes: an urlconf that includes
/// one with 60 patterns 60 times, four levels deep, has 13 million routes
/// (it ran for minutes). Real projects have hundreds.
const MAX_URL_PATTERNS: usize = 10_000;

/// How `ALLOWED_HOSTS` is set, so that the health probe sends a Host header
/// Django accepts.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AllowedHosts {
    /// A literal list.
    Literal {
        hosts: Vec<String>,
    },
    /// Read from an environment variable (comma-separated), with a default.
    Env {
        name: String,
        default: Option<String>,
    },
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DjangoFacts {
    pub manage_py: Location,
    /// The folder holding manage.py ("" for the project root): Django's
    /// modules are imported from there.
    pub root: String,
    pub settings_module: String,
    /// Where `DJANGO_SETTINGS_MODULE` is set.
    pub settings_evidence: Location,
    /// The settings file, when it is in the project.
    pub settings_path: Option<String>,
    /// `module:attr` of `WSGI_APPLICATION` / `ASGI_APPLICATION`.
    pub wsgi: Option<Located<String>>,
    pub asgi: Option<Located<String>>,
    /// `STATIC_ROOT` is set: static files are collected at build time.
    pub static_root: Option<Location>,
    /// The environment variable `SECRET_KEY` is read from, and whether the
    /// settings give it a default.
    pub secret_key_env: Option<(String, bool)>,
    pub allowed_hosts: AllowedHosts,
    pub routes: Vec<Route>,
    /// The default database is a sqlite file: where it lives.
    pub sqlite: Option<SqliteFile>,
    /// Where the URL patterns stopped being read, past [`MAX_URL_PATTERNS`].
    #[serde(skip)]
    pub warnings: Vec<crate::diagnostics::Warning>,
}

/// Find the Django project, if there is one.
pub fn find(modules: &[SourceModule]) -> Option<DjangoFacts> {
    let manage = modules
        .iter()
        .filter(|m| m.path == "manage.py" || m.path.ends_with("/manage.py"))
        .min_by_key(|m| m.path.matches('/').count())?;
    let root = manage.path.strip_suffix("manage.py").unwrap_or_default().trim_end_matches('/').to_string();
    let (settings_module, line) = settings_module(manage)?;
    let settings_evidence = Location::at(&manage.path, line);
    let settings = module_at(modules, &root, &settings_module);
    let mut facts = DjangoFacts {
        manage_py: Location::file(&manage.path),
        root: root.clone(),
        settings_module,
        settings_evidence,
        settings_path: settings.map(|s| s.path.clone()),
        wsgi: None,
        asgi: None,
        static_root: None,
        secret_key_env: None,
        allowed_hosts: AllowedHosts::Unknown,
        routes: Vec::new(),
        sqlite: None,
        warnings: Vec::new(),
    };
    let Some(settings) = settings else { return Some(facts) };
    let lookup = |name: &str| setting(modules, &root, settings, name);
    let application = |name: &str| {
        lookup(name).and_then(|(value, location)| match &value.value {
            // `mysite.asgi.application`: a module path and a name, or nothing
            // this tool could start.
            Value::Str(dotted) if crate::sinks::ident::is_module_path(dotted) => {
                dotted.rsplit_once('.').map(|(m, a)| Located::new(format!("{m}:{a}"), location))
            }
            _ => None,
        })
    };
    facts.wsgi = application("WSGI_APPLICATION");
    facts.asgi = application("ASGI_APPLICATION");
    facts.static_root = lookup("STATIC_ROOT").filter(|(b, _)| b.value != Value::None).map(|(_, l)| l);
    facts.secret_key_env = lookup("SECRET_KEY").and_then(|(b, _)| {
        let read = b.env.first()?;
        Some((read.name.clone(), read.default.is_some()))
    });
    facts.allowed_hosts = match lookup("ALLOWED_HOSTS") {
        Some((binding, _)) => match (&binding.value, binding.env.first()) {
            (Value::List(items), _) => AllowedHosts::Literal {
                hosts: items
                    .iter()
                    .filter_map(|i| if let Value::Str(s) = i { Some(s.clone()) } else { None })
                    .collect(),
            },
            (_, Some(read)) => AllowedHosts::Env {
                name: read.name.clone(),
                default: match &read.default {
                    Some(Value::Str(s)) => Some(s.clone()),
                    _ => None,
                },
            },
            _ => AllowedHosts::Unknown,
        },
        None => AllowedHosts::Literal { hosts: Vec::new() },
    };
    facts.sqlite = super::django_db::sqlite(settings, &root);
    if let Some((urls, _)) = lookup("ROOT_URLCONF")
        && let Value::Str(urlconf) = &urls.value
    {
        let mut walk = UrlWalk { modules, root: &root, budget: MAX_URL_PATTERNS, stopped: None };
        walk.routes(urlconf, "", 0, &mut facts.routes);
        if let Some(location) = walk.stopped {
            facts.warnings.push(crate::diagnostics::Warning::at(
                location,
                format!(
                    "more than {MAX_URL_PATTERNS} URL patterns: the rest are not searched for a health route"
                ),
            ));
        }
    }
    Some(facts)
}

/// `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")`.
fn settings_module(manage: &SourceModule) -> Option<(String, u32)> {
    manage.summary.calls.iter().find_map(|site| {
        let call = &site.call;
        let is_setdefault = call.func.ends_with("environ.setdefault");
        match (is_setdefault, call.args.first(), call.args.get(1)) {
            (true, Some(Value::Str(key)), Some(Value::Str(module))) if key == "DJANGO_SETTINGS_MODULE" => {
                Some((module.clone(), call.line))
            }
            _ => None,
        }
    })
}

/// The parsed module for a dotted name under the Django root.
fn module_at<'a>(modules: &'a [SourceModule], root: &str, dotted: &str) -> Option<&'a SourceModule> {
    let base = dotted.replace('.', "/");
    let prefix = if root.is_empty() { String::new() } else { format!("{root}/") };
    let candidates = [format!("{prefix}{base}.py"), format!("{prefix}{base}/__init__.py")];
    modules.iter().find(|m| candidates.contains(&m.path))
}

/// A module-level setting, in the settings module or a module it
/// star-imports.
fn setting<'a>(
    modules: &'a [SourceModule],
    root: &str,
    settings: &'a SourceModule,
    name: &str,
) -> Option<(&'a super::python_source::Binding, Location)> {
    let own = settings.summary.bindings.iter().rev().find(|b| b.name == name && b.scope == Scope::Module);
    if let Some(binding) = own {
        return Some((binding, Location::at(&settings.path, binding.line)));
    }
    let package = settings.module.rsplit_once('.').map(|(p, _)| p).unwrap_or_default();
    settings.summary.imports.iter().filter(|i| i.name.as_deref() == Some("*")).find_map(|import| {
        let dotted =
            if import.level > 0 { format!("{package}.{}", import.module) } else { import.module.clone() };
        let base = module_at(modules, root, &dotted)?;
        let binding =
            base.summary.bindings.iter().rev().find(|b| b.name == name && b.scope == Scope::Module)?;
        Some((binding, Location::at(&base.path, binding.line)))
    })
}

/// Routes from `urlpatterns`, following `include("app.urls")`, within a
/// budget of patterns read.
struct UrlWalk<'a> {
    modules: &'a [SourceModule],
    root: &'a str,
    budget: usize,
    /// The pattern at which the budget ran out.
    stopped: Option<Location>,
}

impl UrlWalk<'_> {
    fn routes(&mut self, urlconf: &str, prefix: &str, depth: usize, out: &mut Vec<Route>) {
        if depth > MAX_URL_DEPTH {
            return;
        }
        let Some(module) = module_at(self.modules, self.root, urlconf) else { return };
        let patterns =
            module.summary.bindings.iter().filter(|b| b.name == "urlpatterns" && b.scope == Scope::Module);
        for binding in patterns {
            let Value::List(items) = &binding.value else { continue };
            for item in items {
                let Value::Call(call) = item else { continue };
                if self.stopped.is_some() {
                    return;
                }
                if self.budget == 0 {
                    self.stopped = Some(Location::at(&module.path, call.line));
                    return;
                }
                self.budget -= 1;
                let Some(path) = pattern_path(call) else { continue };
                let full = format!("{prefix}{path}");
                match call.args.get(1) {
                    Some(Value::Call(include)) if include.func.ends_with("include") => {
                        if let Some(Value::Str(target)) = include.args.first() {
                            self.routes(target, &full, depth + 1, out);
                        }
                    }
                    _ => out.push(Route {
                        path: format!("/{full}"),
                        answers_get: true,
                        protected: false,
                        location: Location::at(&module.path, call.line),
                    }),
                }
            }
        }
    }
}

/// `path("health/", …)` → `health/`; `re_path(r"^health/$", …)` → `health/`
/// when the pattern is a plain string.
fn pattern_path(call: &Call) -> Option<String> {
    let Some(Value::Str(pattern)) = call.args.first() else { return None };
    let name = call.func.rsplit('.').next().unwrap_or_default();
    match name {
        "path" => (!pattern.contains('<')).then(|| pattern.clone()),
        "re_path" | "url" => {
            let plain = pattern.trim_start_matches('^').trim_end_matches('$');
            (!plain.contains(['(', '[', '\\', '*', '+', '?', '{', '|'])).then(|| plain.to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::python_source::summarize;

    fn module(path: &str, module: &str, source: &str) -> SourceModule {
        SourceModule {
            path: path.into(),
            root: String::new(),
            module: module.into(),
            summary: summarize(source),
        }
    }

    #[test]
    fn settings_wsgi_static_secret_hosts_and_urls() {
        let modules = vec![
            module(
                "manage.py",
                "manage",
                "import os\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings.prod')\n",
            ),
            module(
                "site/settings/base.py",
                "site.settings.base",
                "WSGI_APPLICATION = 'site.wsgi.application'\nROOT_URLCONF = 'site.urls'\n",
            ),
            module(
                "site/settings/prod.py",
                "site.settings.prod",
                "import os\nfrom .base import *\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nSTATIC_ROOT = BASE_DIR / 'static'\n\
                 ALLOWED_HOSTS = os.environ.get('HOSTS', 'example.com').split(',')\n",
            ),
            module(
                "site/urls.py",
                "site.urls",
                "urlpatterns = [path('admin/', admin.site.urls), path('api/', include('api.urls'))]\n",
            ),
            module(
                "api/urls.py",
                "api.urls",
                "urlpatterns = [path('healthz/', views.h), re_path(r'^items/(?P<id>\\d+)/$', views.i)]\n",
            ),
        ];
        let facts = find(&modules).unwrap();
        assert_eq!(facts.settings_module, "site.settings.prod");
        assert_eq!(facts.settings_evidence, Location::at("manage.py", 3));
        assert_eq!(
            facts.wsgi,
            Some(Located::new("site.wsgi:application".into(), Location::at("site/settings/base.py", 1)))
        );
        assert_eq!(facts.static_root, Some(Location::at("site/settings/prod.py", 4)));
        assert_eq!(facts.secret_key_env, Some(("DJANGO_SECRET_KEY".into(), false)));
        assert_eq!(
            facts.allowed_hosts,
            AllowedHosts::Env { name: "HOSTS".into(), default: Some("example.com".into()) }
        );
        let paths: Vec<_> = facts.routes.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, vec!["/admin/", "/api/healthz/"]);
    }

    #[test]
    fn no_manage_py_no_django() {
        assert!(find(&[module("app.py", "app", "x = 1\n")]).is_none());
    }

    /// The first DATABASES names the default engine; a sqlite NAME built
    /// from BASE_DIR, os.path.join or an environment default is a file
    /// below the project; other engines and `:memory:` are not.
    #[test]
    fn the_default_database_as_a_sqlite_file() {
        let db = |settings: &str| {
            let modules = vec![
                module(
                    "manage.py",
                    "manage",
                    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
                ),
                module("site/settings.py", "site.settings", settings),
            ];
            find(&modules).unwrap().sqlite.map(|s| (s.dir, s.file))
        };
        let sqlite = |name: &str| {
            format!("DATABASES = {{'default': {{'ENGINE': 'django.db.backends.sqlite3', 'NAME': {name}}}}}\n")
        };
        assert_eq!(db(&sqlite("BASE_DIR / 'db.sqlite3'")), Some((String::new(), "db.sqlite3".into())));
        assert_eq!(db(&sqlite("BASE_DIR / 'data' / 'app.db'")), Some(("data".into(), "app.db".into())));
        assert_eq!(
            db(&sqlite("os.path.join(BASE_DIR, 'hc.sqlite')")),
            Some((String::new(), "hc.sqlite".into()))
        );
        assert_eq!(
            db(&sqlite("os.getenv('DB_NAME', BASE_DIR / 'hc.sqlite')")),
            Some((String::new(), "hc.sqlite".into()))
        );
        let switched = sqlite("BASE_DIR / 'db.sqlite3'")
            + "if os.getenv('DB') == 'postgres':\n    DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}\n";
        assert_eq!(db(&switched), Some((String::new(), "db.sqlite3".into())));
        assert_eq!(db(&sqlite("':memory:'")), None);
        assert_eq!(db(&sqlite("'/var/lib/app/db.sqlite3'")), None);
        assert_eq!(
            db("DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app'}}\n"),
            None
        );
    }
}
