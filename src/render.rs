//! Plan → file contents, through minijinja templates.
//!
//! The templates in `templates/` are embedded in the binary; `--templates
//! DIR` replaces any of them by name. The environment is strict (an
//! undefined variable is an error), keeps trailing newlines and never
//! auto-escapes. [`Context`] is load-bearing: every template variable is a
//! field of it, and templates contain no decisions of their own.

use crate::dockerignore::Matcher;
use crate::plan::django::Collectstatic;
use crate::plan::health::HealthCheck;
use crate::plan::install::Install;
use crate::plan::{Plan, SystemPackages};
use crate::sinks::ignore::Literal;
use anyhow::{Context as _, Result, anyhow};
use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Built-in templates, by the name templates and `--templates` use:
/// every `.j2` file under `templates/`, sorted by name (see `build.rs`).
pub const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// Where the application lives in the image.
pub const WORKDIR: &str = "/app";
pub const VENV: &str = "/app/.venv";

/// How to render, beyond the plan.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// `--templates DIR`.
    pub templates: Option<&'a Path>,
    /// BuildKit-only features allowed (off with `--no-buildkit`).
    pub buildkit: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Self { templates: None, buildkit: true }
    }
}

impl<'a> Options<'a> {
    /// Templates from `--templates` or `templates =`; BuildKit unless
    /// `--no-buildkit` or `buildkit = false`.
    pub fn from_settings(settings: &'a crate::settings::Settings) -> Self {
        Self {
            templates: settings.templates.as_ref().map(|set| set.value.as_path()),
            buildkit: settings.buildkit(),
        }
    }
}

pub struct Rendered {
    pub dockerfile: String,
    pub dockerignore: String,
}

/// The unprivileged user the app runs as. A fixed numeric UID/GID above
/// the range distributions allocate, so volumes and Kubernetes
/// `runAsUser` policies can name it.
#[derive(Serialize)]
struct User {
    name: String,
    uid: u32,
    gid: u32,
    home: String,
}

impl User {
    fn of(plan: &Plan) -> Self {
        let home = format!("/home/{}", plan.user.name);
        Self { name: plan.user.name.clone(), uid: plan.user.uid, gid: plan.user.uid, home }
    }
}

/// Every variable the templates may use.
#[derive(Serialize)]
struct Context<'a> {
    /// `# syntax=docker/dockerfile:1` first line (off: it makes BuildKit
    /// pull a frontend image, which air-gapped builds cannot).
    syntax_line: bool,
    /// BuildKit cache mounts for installers' caches. Off (`--no-buildkit`)
    /// the legacy builder can run the file: installers keep no cache at all.
    cache_mounts: bool,
    /// `3.13`, the default of `ARG PYTHON_VERSION`.
    python_version: &'a str,
    /// The `FROM` reference of the runtime stage.
    base_image: String,
    /// The `FROM` reference of the builder stage.
    builder_image: String,
    /// `COPY --link` in the runtime stage (Engine 23 and newer).
    copy_link: bool,
    /// `--link ` or nothing, before the runtime stage's COPY arguments.
    copy_flags: &'static str,
    /// The builder is the full image because something compiles.
    builder_is_full: bool,
    /// Debian packages: `builder_installs` in the builder, `runtime` in the
    /// final image (sorted, validated), `compiled` for the comments.
    system: &'a SystemPackages,
    workdir: &'static str,
    venv: &'static str,
    user: User,
    install: &'a Install,
    /// `None` for processes that serve no HTTP.
    port: Option<u16>,
    /// Whether to `EXPOSE` the port (web apps; workers have none).
    expose: bool,
    /// Its `command` `None` renders `HEALTHCHECK NONE`, with
    /// `health_reason` as comment.
    healthcheck: &'a HealthCheck,
    health_reason: &'a str,
    /// `gunicorn`, `gunicorn-uvicorn-worker`, `uvicorn`, `gunicorn-aiohttp`,
    /// `runner`, `python`, `celery`, `cli` or `command`: picks the comment
    /// above CMD.
    server: String,
    /// Exec-form start command.
    command: &'a [String],
    /// `ENTRYPOINT` instead of `CMD`: a program takes `docker run` arguments.
    entrypoint: bool,
    /// `ENV` lines the start command needs.
    /// `ENV` pairs, each value already a Dockerfile double-quoted string.
    env: Vec<(String, String)>,
    /// Directories the app writes into, made its own and declared volumes.
    state_dirs: &'a [crate::plan::state::StateDir],
    /// Steps the start command runs before the server (for the comment).
    release_tasks: &'a [crate::plan::state::ReleaseTask],
    /// The state directories declared `VOLUME`, owned by the app's user.
    volumes: Vec<String>,
    /// State directories that also hold source: group-writable, sticky.
    shared_dirs: Vec<String>,
    /// Django: `manage.py collectstatic` at build time.
    collectstatic: Option<&'a Collectstatic>,
    /// Top-level virtual environments the .dockerignore must exclude.
    virtualenvs: &'a [Literal],
    /// Extra .dockerignore patterns from the configuration.
    ignore: &'a [String],
    /// `**/<name>` for every secret-looking file name.
    secret_patterns: Vec<String>,
    /// Files the .dockerignore must re-include.
    keep: Vec<Literal>,
}

pub fn render(plan: &Plan, options: &Options<'_>) -> Result<Rendered> {
    if !options.buildkit && !plan.install.secrets.is_empty() {
        let ids: Vec<&str> = plan.install.secrets.iter().map(|s| s.id.as_str()).collect();
        return Err(crate::diagnostics::attention(format!(
            "--no-buildkit cannot be used here: the install reads private-index credentials ({}) \
             through BuildKit secret mounts, and the legacy builder has no way to pass a secret \
             without writing it into a layer. Build with BuildKit instead",
            ids.join(", ")
        )));
    }
    let env = environment(options.templates.map(Path::to_path_buf))?;
    let mut context = context(plan);
    context.cache_mounts = options.buildkit;
    let dockerfile = render_one(&env, "Dockerfile.j2", &context)?;
    // Render the .dockerignore, then re-include whatever the build needs
    // that its patterns (built-in or overridden) would drop.
    let first = render_one(&env, "dockerignore.j2", &context)?;
    let matcher = Matcher::parse(&first);
    context.keep =
        plan.needed_files.iter().filter(|f| matcher.is_excluded(&f.path)).map(|f| f.line.clone()).collect();
    let dockerignore =
        if context.keep.is_empty() { first } else { render_one(&env, "dockerignore.j2", &context)? };
    Ok(Rendered { dockerfile, dockerignore })
}

fn context(plan: &Plan) -> Context<'_> {
    let server = serde_json::to_value(plan.server.value.kind).ok().and_then(|v| v.as_str().map(String::from));
    let port = plan.port.value;
    let copy_link = plan.engine.value.uses(crate::plan::engine::Feature::CopyLink);
    Context {
        copy_link,
        copy_flags: if copy_link { "--link " } else { "" },
        syntax_line: plan.syntax_line,
        cache_mounts: true,
        python_version: &plan.python.value.minor,
        base_image: plan.base_image.value.reference(),
        builder_image: plan.builder_image.value.reference(),
        builder_is_full: plan.builder_image.value != plan.base_image.value,
        system: &plan.system_packages,
        workdir: WORKDIR,
        venv: VENV,
        user: User::of(plan),
        install: &plan.install,
        port,
        expose: port.is_some(),
        healthcheck: &plan.health.value,
        health_reason: &plan.health.reason,
        server: server.unwrap_or_default(),
        state_dirs: &plan.state_dirs,
        release_tasks: &plan.release_tasks,
        volumes: plan.state_dirs.iter().filter(|d| d.volume).map(|d| d.path.clone()).collect(),
        shared_dirs: plan.state_dirs.iter().filter(|d| !d.volume).map(|d| d.path.clone()).collect(),
        command: &plan.command,
        entrypoint: plan.command_form == crate::plan::start::command::Form::Entrypoint,
        env: plan
            .env
            .iter()
            .map(|(name, value)| (name.clone(), crate::sinks::dockerfile::quoted(value)))
            .collect(),
        collectstatic: plan.collectstatic.as_ref(),
        virtualenvs: &plan.virtualenvs,
        ignore: &plan.ignore,
        secret_patterns: crate::project::SECRET_NAMES.iter().map(|n| format!("**/{n}")).collect(),
        keep: Vec::new(),
    }
}

fn environment(dir: Option<PathBuf>) -> Result<Environment<'static>> {
    if let Some(dir) = &dir
        && !dir.is_dir()
    {
        return Err(anyhow!("--templates `{}` is not a directory", dir.display()));
    }
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // A block tag on a line of its own leaves no blank line behind, so
    // templates read like the files they produce.
    let syntax =
        SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).keep_trailing_newline(true).build()?;
    env.set_syntax(syntax);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_fuel(Some(FUEL));
    env.add_filter("exec_form", exec_form);
    env.add_filter("shell_quote", shell_quote);
    env.add_filter("shell_words", shell_words);
    env.add_filter("copy_args", copy_args);
    let dir = dir.map(|d| d.canonicalize().unwrap_or(d));
    env.set_loader(move |name| {
        if let Some(dir) = &dir {
            // A template names another by a plain relative path: never an
            // absolute one, `..`, or a link out of the folder (an override
            // must not read ~/.ssh or /proc/self/environ into a Dockerfile).
            let plain = Path::new(name).components().all(|c| matches!(c, std::path::Component::Normal(_)));
            let path = dir.join(name);
            let inside = plain && path.canonicalize().is_ok_and(|p| p.starts_with(dir));
            if !plain || (path.exists() && !inside) {
                return Err(minijinja::Error::new(
                    minijinja::ErrorKind::TemplateNotFound,
                    format!("`{name}` is not a template inside {}: templates name each other by relative paths within the folder", dir.display()),
                ));
            }
            if path.is_file() {
                return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("cannot read {}: {e}", path.display()),
                    )
                });
            }
        }
        Ok(BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, text)| text.to_string()))
    });
    Ok(env)
}

/// Instructions one render may run. An override is the user's code, and
/// `{% for i in range(10000) %}{% for j in range(10000) %}` never ended;
/// running out is an error naming the template. Measured in 2026-12, the
/// built-in templates need at most 500 for any example (450 fail three of
/// them): a margin of 200.
const FUEL: u64 = 100_000;

fn render_one(env: &Environment<'static>, name: &str, context: &Context<'_>) -> Result<String> {
    let template = env.get_template(name).map_err(template_error)?;
    template
        .render(minijinja::Value::from(minijinja::value::Serde(context)))
        .map_err(template_error)
        .with_context(|| format!("rendering {name}"))
}

/// minijinja's error with the template name and line it points at.
#[expect(clippy::needless_pass_by_value, reason = "used as `map_err(template_error)`")]
fn template_error(error: minijinja::Error) -> anyhow::Error {
    let place = match (error.name(), error.line()) {
        (Some(name), Some(line)) => format!("{name}:{line}: "),
        (Some(name), None) => format!("{name}: "),
        _ => String::new(),
    };
    if error.kind() == minijinja::ErrorKind::OutOfFuel {
        return anyhow!(
            "{place}template error: the template ran more than {FUEL} steps; a loop in it is too long or does not end"
        );
    }
    let detail = error.detail().map(|d| format!(": {d}")).unwrap_or_default();
    anyhow!("{place}template error: {}{detail}", error.kind())
}

/// A list of strings as a JSON array, the exec form of CMD and HEALTHCHECK.
/// (Filters take owned values: minijinja converts arguments into them.)
#[expect(clippy::needless_pass_by_value, reason = "a minijinja filter's signature")]
fn exec_form(args: Vec<String>) -> String {
    crate::sinks::dockerfile::json_array(&args)
}

/// `COPY` arguments: as written when every path is a plain word, else the
/// JSON form, where a space or a `$` in a file name is just a character.
#[expect(clippy::needless_pass_by_value, reason = "a minijinja filter's signature")]
fn copy_args(args: Vec<String>) -> String {
    let plain = |a: &String| {
        !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "_.-+/@,=:%".contains(c))
    };
    if args.iter().all(plain) { args.join(" ") } else { crate::sinks::dockerfile::json_array(&args) }
}

/// Words for a `RUN` line, each shell-quoted.
#[expect(clippy::needless_pass_by_value, reason = "a minijinja filter's signature")]
fn shell_words(words: Vec<String>) -> String {
    words.iter().map(|w| crate::shell::quote(w)).collect::<Vec<_>>().join(" ")
}

#[expect(clippy::needless_pass_by_value, reason = "a minijinja filter's signature")]
fn shell_quote(word: String) -> String {
    crate::shell::quote(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_parses() {
        let env = environment(None).unwrap();
        for (name, _) in BUILTIN {
            env.get_template(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
