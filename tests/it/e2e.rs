//! End to end on a real Docker engine, for every example: `containerize
//! init`, `docker build`, `docker run`, the HEALTHCHECK reports `healthy`,
//! the health path answers 200 from the host, and a one-line source edit
//! rebuilds without re-running the dependency install. Containers and
//! images are removed even when an assertion fails.
//!
//! Needs an engine that speaks BuildKit and the base images the examples
//! name (`../shared/docker/` provides both offline); skips otherwise, or
//! fails under CONTAINERIZE_REQUIRE_E2E=1.

use crate::support::{Image, base_image, containerize, copy_example, docker, engine_problem, run, skip};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// The first Python file of a project (sorted walk), outside tests.
fn first_python_file(dir: &Path) -> Option<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).collect();
    entries.sort();
    let file = entries.iter().find(|p| p.extension().is_some_and(|e| e == "py")).cloned();
    file.or_else(|| {
        entries
            .iter()
            .filter(|p| {
                p.is_dir()
                    && !p.ends_with("tests")
                    && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .find_map(|d| first_python_file(d))
    })
}

/// Prints the development tools importable in the image.
const DEV_TOOLS_PRESENT: &str = "import importlib.util as u; \
    print([m for m in ('pytest', 'ruff', 'mypy', 'black', 'poetry', 'pdm', 'pipenv', 'uv') if u.find_spec(m)])";

/// How long a worker must keep running to pass.
const WORKER_GRACE: Duration = Duration::from_secs(10);

/// How long a container may take to report healthy.
const HEALTHY_WITHIN: Duration = Duration::from_secs(90);

/// Removes the container when dropped, even when the test panics.
struct Container(String);

impl Drop for Container {
    fn drop(&mut self) {
        let _ = docker().args(["rm", "-f", "-v", &self.0]).output();
    }
}

fn build(dir: &Path, tag: &str) -> String {
    let (ok, out) = run(docker().args(["build", "--progress=plain", "-t", tag]).arg(dir));
    assert!(ok, "docker build failed:\n{out}");
    out
}

/// The builder stage's dependency installs: the `RUN --mount=type=cache`
/// steps that come before the source is copied (`COPY . .`), with whether
/// BuildKit reused each from its cache. Installs of the project itself,
/// after the source, are expected to run again.
fn install_steps(build_log: &str) -> Vec<(String, bool)> {
    // "#12 [builder 5/7] RUN …" → ("#12", 5, "RUN …")
    let steps: Vec<(String, u32, String)> = build_log
        .lines()
        .filter_map(|line| {
            let (id, rest) = line.split_once(' ')?;
            let rest = rest.strip_prefix("[builder ")?;
            let (position, text) = rest.split_once("] ")?;
            let index = position.split('/').next()?.parse().ok()?;
            Some((id.to_string(), index, text.to_string()))
        })
        .collect();
    let source_at = steps.iter().filter(|(_, _, text)| text == "COPY . .").map(|(_, i, _)| *i).min();
    let mut installs: Vec<(String, bool)> = steps
        .iter()
        .filter(|(_, index, text)| {
            text.starts_with("RUN --mount=type=cache") && source_at.is_none_or(|s| *index < s)
        })
        .map(|(id, _, text)| (text.clone(), build_log.lines().any(|l| l == format!("{id} CACHED"))))
        .collect();
    installs.dedup();
    installs
}

/// Wait for the HEALTHCHECK verdict; the container's logs on failure.
fn wait_healthy(id: &str) -> Duration {
    let start = Instant::now();
    loop {
        let (ok, out) =
            run(docker().args(["inspect", "-f", "{{.State.Status}} {{.State.Health.Status}}", id]));
        assert!(ok, "docker inspect failed: {out}");
        let state = out.trim().to_string();
        if state == "running healthy" {
            return start.elapsed();
        }
        if !state.starts_with("running") || state.ends_with("unhealthy") || start.elapsed() > HEALTHY_WITHIN {
            let (_, logs) = run(docker().args(["logs", "--tail", "40", id]));
            panic!("container is `{state}` after {:?}, not healthy; last logs:\n{logs}", start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// GET `path` on the host port published for `port`; the status code.
fn http_get(id: &str, port: u16, path: &str, host: &str) -> u16 {
    let (ok, out) = run(docker().args(["port", id, &format!("{port}/tcp")]));
    assert!(ok, "docker port failed: {out}");
    let address =
        out.lines().find(|l| l.starts_with("127.0.0.1:")).expect("a published port").trim().to_string();
    let mut stream = TcpStream::connect(&address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response.split_whitespace().nth(1).unwrap_or_default();
    status.parse().unwrap_or_else(|_| panic!("no HTTP status from {address}{path}: {response:?}"))
}

fn end_to_end(name: &str) {
    let test = format!("end to end {name}");
    if let Some(problem) = engine_problem() {
        return skip(&test, problem);
    }
    let dockerfile = built_and_healthy(name, &[]);
    assert!(
        dockerfile.contains("COPY --link")
            && (dockerfile.contains("--start-interval=1s") || dockerfile.contains("HEALTHCHECK NONE")),
        "the default Dockerfile targets Engine 25:\n{dockerfile}"
    );
}

/// The compatibility path: rendered with `--engine-version 20.10`, on any
/// engine with BuildKit (CI runs these on Docker 20.10 first, then on 26).
fn compat_20_10(name: &str) {
    let test = format!("end to end {name} for Engine 20.10");
    if let Some(problem) = crate::support::any_engine_problem() {
        return skip(&test, problem);
    }
    println!("{test}: on Docker Engine {}", crate::support::engine_version());
    let dockerfile = built_and_healthy(name, &["--engine-version", "20.10"]);
    assert!(
        !dockerfile.contains("--start-interval") && !dockerfile.contains("--link"),
        "rendered for 20.10 with newer features:\n{dockerfile}"
    );
}

#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn compat_20_10_flask_app() {
    compat_20_10("flask-app");
}

#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn compat_20_10_uv_app() {
    compat_20_10("uv-app");
}

#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn compat_20_10_django_wsgi() {
    compat_20_10("django-wsgi");
}

/// `init --force` (plus `init_args`) on a copy of the example, then build,
/// run, healthy, health path from the host, no dev tools, and a source
/// edit that keeps the install cached; the Dockerfile it built.
fn built_and_healthy(name: &str, init_args: &[&str]) -> String {
    let test = format!("end to end {name}");
    let dir = copy_example(name);
    // As a user replacing a maintainer's Dockerfile would (it is kept as
    // Dockerfile.bak); a no-op for the examples that have none.
    let init = containerize().args(["init", "--force"]).args(init_args).arg(dir.path()).output().unwrap();
    assert!(init.status.success(), "init failed: {}", String::from_utf8_lossy(&init.stderr));
    let dockerfile = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    let base = base_image(&dockerfile);
    if !run(docker().args(["image", "inspect", &base])).0 {
        skip(&test, &format!("base image {base} is not on this engine (../shared/docker/standin-images)"));
        return dockerfile;
    }
    let plan = containerize().args(["plan", "--json"]).arg(dir.path()).output().unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    let health = &plan["healthcheck"];
    // Settings the app cannot start without get a throwaway value.
    let env: Vec<String> = plan["required_env"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .flat_map(|name| ["-e".to_string(), format!("{name}=e2e-throwaway")])
        .collect();

    let _engine = crate::support::engine_lock();
    let image = Image(format!("containerize-e2e/{name}:{}", std::process::id()));
    let cold = build(dir.path(), &image.0);
    assert!(!install_steps(&cold).is_empty(), "no dependency install step in:\n{cold}");

    match (health["kind"].as_str(), plan["app"]["process"].as_str()) {
        (Some("none"), Some("cli")) => {
            // A one-shot program: it runs and exits 0.
            let (ok, out) = run(docker().args(["run", "--rm"]).args(&env).arg(&image.0));
            assert!(ok, "the program failed:\n{out}");
            // Its arguments reach it, as with the program on a laptop.
            let (ok, out) = run(docker().args(["run", "--rm"]).args(&env).arg(&image.0).arg("--help"));
            assert!(
                ok && out.contains("usage:"),
                "`docker run IMAGE --help` did not reach the program:\n{out}"
            );
        }
        (Some("none"), _) => {
            // A worker: still running after a grace period, never unhealthy.
            let (ok, out) = run(docker().args(["run", "-d"]).args(&env).arg(&image.0));
            assert!(ok, "docker run failed: {out}");
            let container = Container(out.trim().to_string());
            std::thread::sleep(WORKER_GRACE);
            let (_, state) =
                run(docker().args(["inspect", "-f", "{{.State.Status}} {{.State.Health}}", &container.0]));
            let (_, logs) = run(docker().args(["logs", "--tail", "20", &container.0]));
            assert_eq!(state.trim(), "running <nil>", "the worker did not keep running:\n{logs}");
        }
        _ => {
            let port = plan["port"].as_u64().unwrap() as u16;
            let (ok, out) = run(docker()
                .args(["run", "-d", "-p", &format!("127.0.0.1::{port}")])
                .args(&env)
                .arg(&image.0));
            assert!(ok, "docker run failed: {out}");
            let container = Container(out.trim().to_string());
            wait_healthy(&container.0);
            if let Some(path) = health["path"].as_str() {
                let host = health["host"].as_str().unwrap_or("localhost");
                assert_eq!(http_get(&container.0, port, path, host), 200, "GET {path} from the host");
            }
        }
    }
    // Development tools never reach the image (the examples all declare
    // pytest for development only).
    let (ok, out) =
        run(docker().args(["run", "--rm", "--entrypoint", "python", &image.0, "-c", DEV_TOOLS_PRESENT]));
    assert!(ok && out.trim() == "[]", "development packages in the image: {out}");

    // A one-line source edit must not re-run the dependency install.
    let evidence = plan["app"]["evidence"].as_str().unwrap_or_default().split(':').next().unwrap_or_default();
    let source = if evidence.ends_with(".py") {
        dir.path().join(evidence)
    } else {
        first_python_file(dir.path()).expect("an example has Python source")
    };
    let mut text = std::fs::read_to_string(&source).unwrap();
    text.push_str("\n# edited by the end-to-end test\n");
    std::fs::write(&source, text).unwrap();
    let warm = build(dir.path(), &image.0);
    let steps = install_steps(&warm);
    assert!(
        !steps.is_empty() && steps.iter().all(|(_, cached)| *cached),
        "install re-ran after a source edit:\n{warm}"
    );
    dockerfile
}

/// A private index token reaches pip only as a BuildKit secret: the build
/// succeeds with it, and its value is nowhere in the image or its history.
#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn index_credentials_never_reach_the_image() {
    if let Some(problem) = engine_problem() {
        return skip("index credentials", problem);
    }
    let dir = copy_example("flask-app");
    let requirements = std::fs::read_to_string(dir.path().join("requirements.txt")).unwrap();
    // pypi.org ignores the credentials; what matters is where they travel.
    let with_index = format!("--extra-index-url https://${{PYPI_TOKEN}}@pypi.org/simple\n{requirements}");
    std::fs::write(dir.path().join("requirements.txt"), with_index).unwrap();
    let token = format!("ctz-secret-{}", std::process::id());
    let image = Image(format!("containerize-e2e/secret:{}", std::process::id()));
    // As users run it: `containerize build` finds $PYPI_TOKEN and passes it
    // as the secret the Dockerfile mounts.
    let out = containerize()
        .args(["build", "--progress", "plain", "--tag", &image.0])
        .arg(dir.path())
        .env("PYPI_TOKEN", &token)
        .output()
        .unwrap();
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "build with the secret failed:\n{printed}");
    assert!(printed.contains("--secret id=PYPI_TOKEN,env=PYPI_TOKEN"), "{printed}");
    assert!(!printed.contains(&token), "the token was printed");
    let (ok, history) = run(docker().args(["history", "--no-trunc", &image.0]));
    assert!(ok && !history.contains(&token), "the token is in the image history");
    let saved = docker().args(["save", &image.0]).output().unwrap();
    assert!(saved.status.success());
    let found = saved.stdout.windows(token.len()).any(|w| w == token.as_bytes());
    assert!(!found, "the token is in the image's layers");
}

/// Every secret-looking file in the project stays out of the image.
#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn secret_files_never_reach_the_image() {
    if let Some(problem) = engine_problem() {
        return skip("secret files", problem);
    }
    let dir = copy_example("flask-app");
    let secrets = [
        ".env",
        ".env.production",
        "config/.env.local",
        "certs/server.pem",
        "certs/server.key",
        "certs/bundle.p12",
        "deploy/id_rsa",
        "deploy/id_ed25519.pub",
        ".npmrc",
        ".pypirc",
        ".netrc",
        ".git-credentials",
        "gcp/credentials.json",
        "gcp/prod-service-account.json",
        "client_secret_123.json",
        ".aws/credentials",
        ".ssh/config",
        "pip.conf",
        ".envrc",
        ".pgpass",
        "auth.toml",
        ".docker/config.json",
    ];
    for secret in secrets {
        crate::support::write_files(dir.path(), &[(secret, "not for the image\n")]);
    }
    let init = containerize().args(["init", "--yes"]).arg(dir.path()).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let _engine = crate::support::engine_lock();
    let image = Image(format!("containerize-e2e/secrets:{}", std::process::id()));
    build(dir.path(), &image.0);
    let list = "import os\nfor root, dirs, files in os.walk('/app'):\n    dirs[:] = [d for d in dirs if d != '.venv']\n    \
                for f in files: print(os.path.relpath(os.path.join(root, f), '/app'))\n";
    let (ok, out) = run(docker().args(["run", "--rm", "--entrypoint", "python", &image.0, "-c", list]));
    assert!(ok, "{out}");
    let in_image: Vec<&str> = out.lines().collect();
    assert!(in_image.contains(&"server.py"), "the source is there: {in_image:?}");
    for secret in secrets {
        assert!(!in_image.contains(&secret), "{secret} reached the image: {in_image:?}");
    }
}

macro_rules! e2e_tests {
    ($($test:ident: $name:literal,)*) => {
        $(#[test] #[ignore = "needs a Docker engine (CI runs it with --include-ignored)"] fn $test() { end_to_end($name); })*
    };
}
with_examples!(e2e_tests);

/// A configured `ENV` value reaches the app exactly as written: quotes,
/// `$`, backslashes and spaces are data, never Dockerfile or shell syntax.
#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn configured_env_values_reach_the_app_literally() {
    if let Some(problem) = engine_problem() {
        return skip("configured env values", problem);
    }
    let dir = copy_example("flask-app");
    let value = r#"say "hi" to $USER \ ${HOME} $(id) a=b"#;
    let config = format!("env = {{ GREETING = {} }}\n", toml::Value::String(value.into()));
    std::fs::write(dir.path().join("containerize.toml"), config).unwrap();
    let init = containerize().args(["init", "--yes"]).arg(dir.path()).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let _engine = crate::support::engine_lock();
    let image = Image(format!("containerize-e2e/env:{}", std::process::id()));
    build(dir.path(), &image.0);
    let (ok, out) = run(docker().args([
        "run",
        "--rm",
        &image.0,
        "python",
        "-c",
        "import os, sys; sys.stdout.write(os.environ['GREETING'])",
    ]));
    assert!(ok, "{out}");
    assert_eq!(out.trim_end(), value);
}
