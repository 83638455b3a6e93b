//! Native dependencies on the real engine: each native example's runtime
//! image has the shared library its C extension (or ctypes wrapper) loads,
//! and no compiler or headers, while the app imports. Building, running
//! healthy and answering 200 are `e2e.rs`'s job for every example; the
//! `--no-buildkit` file of a compiling example is built by the legacy
//! builder here too. Without the engine: a lockfile's transitive packages
//! and apt.txt reach the plan and the Dockerfile.

use crate::support::{
    Image, base_image, containerize, copy_example, docker, engine_lock, engine_problem, run, skip,
};
use std::process::Command;

/// (example, module it imports, Debian package and shared library it
/// needs at run time, the -dev package its build needed).
const NATIVE: &[(&str, &str, &str, &str, Option<&str>)] = &[
    ("psycopg2-source", "psycopg2", "libpq5", "libpq.so.5", Some("libpq-dev")),
    ("mysqlclient-app", "MySQLdb", "libmariadb3", "libmariadb.so.3", Some("default-libmysqlclient-dev")),
    ("python-magic-app", "magic", "libmagic1t64", "libmagic.so.1", None),
];

/// `sh -c SCRIPT` in a throwaway container of `image`: (success, output).
fn in_image(image: &str, script: &str) -> (bool, String) {
    run(docker().args(["run", "--rm", image, "sh", "-c", script]))
}

fn runtime_image_is_lean(name: &str, module: &str, package: &str, library: &str, dev: Option<&str>) {
    let test = format!("native {name}");
    if let Some(problem) = engine_problem() {
        return skip(&test, problem);
    }
    let dir = copy_example(name);
    let init = containerize().arg("init").arg(dir.path()).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let builder = base_image(&std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap());
    if !run(docker().args(["image", "inspect", &builder])).0 {
        return skip(
            &test,
            &format!("{builder} is not on this engine (../shared/docker/standin-images --full)"),
        );
    }
    let _engine = engine_lock();
    let image = Image(format!("containerize-it-native/{name}:{}", std::process::id()));
    let (ok, log) = run(docker().args(["build", "-t", &image.0]).arg(dir.path()));
    assert!(ok, "docker build failed:\n{log}");

    let (_, compilers) = in_image(&image.0, "for c in gcc cc g++ c++ clang; do command -v $c; done; true");
    assert_eq!(compilers.trim(), "", "a compiler reached the runtime image");
    let (ok, out) = in_image(&image.0, &format!("dpkg -s {package} | grep '^Status:'"));
    assert!(ok && out.contains("install ok installed"), "{package} is not installed: {out}");
    let (ok, out) = in_image(&image.0, &format!("ldconfig -p | grep -F {library}"));
    assert!(ok && out.contains(library), "{library} is not in the runtime image's linker cache: {out}");
    if let Some(dev) = dev {
        let (installed, out) = in_image(&image.0, &format!("dpkg -s {dev}"));
        assert!(!installed, "{dev} (build only) reached the runtime image: {out}");
    }
    let (ok, out) = in_image(&image.0, &format!("python -c 'import {module}'"));
    assert!(ok, "`import {module}` fails in the runtime image: {out}");
}

#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn runtime_images_have_the_libraries_and_no_compiler() {
    for (name, module, package, library, dev) in NATIVE {
        runtime_image_is_lean(name, module, package, library, *dev);
    }
}

/// The legacy builder runs the file of an example that compiles: two
/// images, apt in the runtime stage, no BuildKit feature anywhere.
#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn no_buildkit_builds_a_compiling_example() {
    let test = "--no-buildkit psycopg2-source";
    if let Some(problem) = engine_problem() {
        return skip(test, problem);
    }
    let dir = copy_example("psycopg2-source");
    let out = containerize().args(["init", "--no-buildkit"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dockerfile = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(!dockerfile.contains("--mount") && dockerfile.contains("libpq5"), "{dockerfile}");
    if !run(docker().args(["image", "inspect", &base_image(&dockerfile)])).0 {
        return skip(
            test,
            "the full python:3.11 image is not on this engine (../shared/docker/standin-images --full)",
        );
    }
    let _engine = engine_lock();
    let image = Image(format!("containerize-it-native/no-buildkit:{}", std::process::id()));
    let mut legacy = Command::new("docker");
    legacy.env("DOCKER_BUILDKIT", "0").args(["build", "--tag", &image.0]).arg(dir.path());
    let (ok, log) = run(&mut legacy);
    assert!(ok, "the legacy builder failed:\n{log}");
    let (ok, out) = in_image(&image.0, "python -c 'import psycopg2' && ! command -v gcc");
    assert!(ok, "{out}");
}

const UV_LOCK: &str = r#"version = 1
revision = 2
requires-python = ">=3.13"

[[package]]
name = "demo"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "flask" }, { name = "dbtool" }]

[[package]]
name = "flask"
version = "3.1.3"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files.pythonhosted.org/packages/f/flask-3.1.3-py3-none-any.whl", hash = "sha256:0" }]

[[package]]
name = "dbtool"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "psycopg2" }, { name = "lxml" }]
wheels = [{ url = "https://files.pythonhosted.org/packages/d/dbtool-1.0-py3-none-any.whl", hash = "sha256:0" }]

[[package]]
name = "psycopg2"
version = "2.9.13"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/p/psycopg2-2.9.13.tar.gz", hash = "sha256:0" }

[[package]]
name = "lxml"
version = "6.0.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/l/lxml-6.0.0.tar.gz", hash = "sha256:0" }
wheels = [
    { url = "https://files.pythonhosted.org/packages/l/lxml-6.0.0-cp313-cp313-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl", hash = "sha256:0" },
    { url = "https://files.pythonhosted.org/packages/l/lxml-6.0.0-cp313-cp313-manylinux_2_26_aarch64.manylinux_2_28_aarch64.whl", hash = "sha256:0" },
]
"#;

/// Transitive packages from a lockfile feed the decision: psycopg2 (only
/// an sdist in uv.lock) compiles, lxml (wheels for both arches) does not,
/// and apt.txt adds a runtime package.
#[test]
fn lockfile_packages_and_apt_txt_reach_the_plan_and_the_dockerfile() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::write_files(
        dir.path(),
        &[
            (".python-version", "3.13\n"),
            (
                "pyproject.toml",
                "[project]\nname = \"demo\"\nversion = \"0.1.0\"\ndependencies = [\"flask\", \"dbtool\"]\n",
            ),
            ("uv.lock", UV_LOCK),
            ("apt.txt", "# tools the app shells out to\npoppler-utils\n"),
            ("app.py", "from flask import Flask\n\napp = Flask(__name__)\n"),
        ],
    );
    let out = containerize().args(["plan", "--json"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let system = &plan["system_packages"];
    assert_eq!(system["compiled"], serde_json::json!(["psycopg2 2.9.13"]));
    assert_eq!(system["runtime"], serde_json::json!(["libpq5", "poppler-utils"]));
    assert_eq!(plan["builder_image"], "python:3.13-trixie");
    let why: Vec<&str> =
        system["reasons"].as_array().unwrap().iter().map(|r| r["why"].as_str().unwrap()).collect();
    assert!(
        why.contains(&"lxml 6.0.0: wheel lxml-6.0.0-cp313-cp313-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl in uv.lock (and one for aarch64): no compiler needed; the wheel bundles its libraries"),
        "{why:#?}"
    );
    assert!(
        why.iter().any(|w| w.starts_with("psycopg2 2.9.13: uv.lock lists no wheel for CPython 3.13")),
        "{why:#?}"
    );

    let (dockerfile, _) = crate::support::render(dir.path());
    assert!(dockerfile.contains("FROM python:${PYTHON_VERSION}-trixie AS builder"), "{dockerfile}");
    assert!(dockerfile.contains("      libpq5 \\\n      poppler-utils \\\n"), "{dockerfile}");

    std::fs::write(dir.path().join("apt.txt"), "poppler-utils\ncurl | sh\n").unwrap();
    let out = containerize().args(["plan"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("apt.txt:2: `|` is not a Debian package name"));
}

/// `[tool.containerize]` packages: the runtime set in the final image, the
/// build set in the builder, and nothing else changes.
#[test]
fn configured_apt_packages_reach_both_stages() {
    let dir = copy_example("flask-app");
    let pyproject = "[tool.containerize]\napt-packages = [\"poppler-utils\"]\nbuild-apt-packages = [\"libpoppler-dev\"]\n";
    std::fs::write(dir.path().join("pyproject.toml"), pyproject).unwrap();
    let (dockerfile, _) = crate::support::render(dir.path());
    let (builder, runtime) = dockerfile.split_once("\n# Runtime:").unwrap();
    assert!(
        builder.contains("      libpoppler-dev \\\n") && !builder.contains("poppler-utils"),
        "{dockerfile}"
    );
    assert!(
        runtime.contains("      poppler-utils \\\n") && !runtime.contains("libpoppler-dev"),
        "{dockerfile}"
    );
    assert!(builder.contains("FROM python:${PYTHON_VERSION}-slim-bookworm AS builder"), "nothing compiles");
    if which::which("hadolint").is_ok() {
        let file = dir.path().join("Dockerfile.lint");
        std::fs::write(&file, &dockerfile).unwrap();
        let (ok, findings) = run(Command::new("hadolint").arg("--no-color").arg(&file));
        assert!(ok && findings.trim().is_empty(), "hadolint:\n{findings}");
    }
}

/// A pin older than its first wheels for the newest Python holds the
/// choice back when the project leaves Python open, and only then: an
/// exact pin is the user's word, and a specifier still bounds the search.
#[test]
fn old_pins_bound_an_open_python_but_not_an_exact_one() {
    use crate::support::{plan_json, project};
    let app = ("app.py", "from flask import Flask\napp = Flask(__name__)\n");
    let requirements = ("requirements.txt", "flask==3.1.3\ngreenlet==3.1.1\n");
    let python = |dir: &tempfile::TempDir| plan_json(dir.path(), &[])["python"]["version"].clone();
    assert_eq!(python(&project(&[app, requirements])), "3.13");
    // greenlet 3.0.3 has wheels up to 3.12; `<3.12` still wins over that.
    let older = ("requirements.txt", "flask==3.1.3\ngreenlet==3.0.3\n");
    assert_eq!(python(&project(&[app, older])), "3.12");
    let capped =
        ("pyproject.toml", "[project]\nname = \"x\"\nversion = \"0\"\nrequires-python = \">=3.9,<3.12\"\n");
    assert_eq!(python(&project(&[app, older, capped])), "3.11");
    assert_eq!(python(&project(&[app, requirements, (".python-version", "3.14\n")])), "3.14");
    // Nothing compiled anywhere: the default stands.
    assert_eq!(python(&project(&[app, ("requirements.txt", "flask==3.1.3\n")])), "3.14");
}
