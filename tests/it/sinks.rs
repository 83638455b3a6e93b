//! Words from the project reach six sinks (Dockerfile instructions,
//! `.dockerignore` lines, `sh -c` strings, the Python source of the health
//! probe, a terminal, GitHub annotations): each test writes a project whose
//! words would change the meaning of one sink if spliced in raw, runs the
//! binary as a user would, and reads the output back the way its consumer
//! does (`sh`, Python, Docker's line rules).

use crate::support::{containerize, write_files};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

const APP: &str = "from flask import Flask\napp = Flask(__name__)\n";

/// A temporary project holding `files`.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    dir
}

fn init_stdout(dir: &Path) -> (String, String, Option<i32>) {
    let out = containerize().args(["init", "--stdout"]).arg(dir).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// The exec-form array after `prefix` (`CMD `, `    CMD `) on its line.
fn exec_form(dockerfile: &str, prefix: &str) -> Vec<String> {
    let line =
        dockerfile.lines().find_map(|l| l.strip_prefix(prefix)).unwrap_or_else(|| panic!("no {prefix}"));
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"))
}

/// The words `sh` passes to the program of an `sh -c 'exec …'` line, with
/// PORT set: what the container's process really receives.
fn words_sh_runs(line: &str) -> Vec<String> {
    let line = line.replacen("exec ", "printf '%s\\n' ", 1);
    let out = Command::new("sh").args(["-c", &line]).env("PORT", "8000").output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().map(String::from).collect()
}

/// Python runs the probe with `urlopen` replaced: the URL and Host it would ask for.
fn probe_request(code: &str) -> Option<String> {
    let code = serde_json::to_string(code).unwrap();
    let harness = format!(
        "import ast, urllib.request\nast.parse({code})\n\
         urllib.request.urlopen = lambda r, timeout: print(r if isinstance(r, str) else f'{{r.full_url}} {{r.headers}}')\n\
         exec({code})\n"
    );
    match Command::new("python3").args(["-c", &harness]).output() {
        Ok(out) => {
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
        }
        Err(e) => {
            eprintln!("skipped: python3 cannot run here ({e})");
            None
        }
    }
}

#[test]
fn procfile_words_keep_the_quoting_their_author_wrote() {
    let dir = project(&[
        ("requirements.txt", "gunicorn\nflask\n"),
        ("app.py", APP),
        ("Procfile", "web: gunicorn app:app --name '$(id)' --log-level \"$LOG\" --x='`id`' \\$HOME\n"),
    ]);
    let (dockerfile, stderr, code) = init_stdout(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    let cmd = exec_form(&dockerfile, "CMD ");
    assert_eq!(cmd[..2], ["sh", "-c"]);
    // Only what the Procfile left unquoted expands ($LOG, unset: empty).
    assert_eq!(
        words_sh_runs(&cmd[2]),
        [
            "gunicorn",
            "app:app",
            "--name",
            "$(id)",
            "--log-level",
            "",
            "--x=`id`",
            "$HOME",
            "--bind",
            "0.0.0.0:8000"
        ]
    );
}

#[test]
fn in_a_configured_list_only_the_port_expands() {
    let dir = project(&[
        ("requirements.txt", "flask\n"),
        ("app.py", APP),
        (
            "containerize.toml",
            "command = [\"python\", \"$(id).py\", \"--port\", \"$PORT\", \"--home\", \"$HOME\", \"${WEB_CONCURRENCY}\"]\n",
        ),
    ]);
    let (dockerfile, stderr, code) = init_stdout(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    let cmd = exec_form(&dockerfile, "CMD ");
    assert_eq!(words_sh_runs(&cmd[2]), ["python", "$(id).py", "--port", "8000", "--home", "$HOME", ""]);
}

#[test]
fn a_route_is_data_in_the_probe_never_code() {
    let dir = tempfile::tempdir().unwrap();
    let app = "from flask import Flask\napp = Flask(__name__)\n\
               @app.get('/x\" + str(__import__(\"os\").system(\"id\")) + \"/caf\u{e9} %s/health')\n\
               def health():\n    return 'ok'\n";
    write_files(dir.path(), &[("requirements.txt", "flask\n"), ("app.py", app)]);
    let (dockerfile, stderr, code) = init_stdout(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    let probe = exec_form(&dockerfile, "    CMD ");
    if let Some(request) = probe_request(&probe[2]) {
        assert_eq!(
            request,
            "http://127.0.0.1:8000/x\"%20+%20str(__import__(\"os\").system(\"id\"))%20+%20\"/caf%C3%A9%20%s/health"
        );
    }
}

#[test]
fn an_allowed_host_is_a_python_literal() {
    let dir = project(&[
        ("requirements.txt", "django\n"),
        ("manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n"),
        ("site1/__init__.py", ""),
        (
            "site1/settings.py",
            "ROOT_URLCONF = 'site1.urls'\nWSGI_APPLICATION = 'site1.wsgi.application'\n\
                 ALLOWED_HOSTS = ['cafe\u{301}.example.com']\n",
        ),
        ("site1/wsgi.py", "application = None\n"),
        ("site1/urls.py", "from django.urls import path\nurlpatterns = [path('health/', None)]\n"),
    ]);
    let (dockerfile, stderr, code) = init_stdout(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    let probe = exec_form(&dockerfile, "    CMD ");
    if let Some(request) = probe_request(&probe[2]) {
        assert!(request.contains("'Host': 'cafe\u{301}.example.com'"), "{request}");
    }
}

#[test]
fn names_that_are_not_identifiers_never_reach_a_command() {
    let dir = project(&[
        ("requirements.txt", "django\n"),
        ("manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n"),
        ("site1/__init__.py", ""),
        (
            "site1/settings.py",
            "import os\nSECRET_KEY = os.environ['K; id > /tmp/pwned-at-build; X']\nSTATIC_ROOT = 'static'\n\
                 ROOT_URLCONF = 'site1.urls'\nWSGI_APPLICATION = 'site1.wsgi.application'\n\
                 ASGI_APPLICATION = 'site1.asgi.app$(id>&2)'\n",
        ),
        ("site1/wsgi.py", "application = None\n"),
    ]);
    let (dockerfile, stderr, code) = init_stdout(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!dockerfile.contains("pwned") && !dockerfile.contains("$(id"), "{dockerfile}");

    let uv = project(&[
        ("pyproject.toml", "[project]\nname = \"api; id > /tmp/pwned-uv; echo\"\nversion = \"1\"\n"),
        ("app.py", APP),
    ]);
    let (_, stderr, code) = init_stdout(uv.path());
    assert_eq!(code, Some(1));
    assert!(stderr.contains("pyproject.toml:2: `name = \"api; id > /tmp/pwned-uv; echo\"` in [project] is not a valid project name"), "{stderr}");
}

#[test]
fn copied_paths_with_spaces_and_dollars_use_the_json_form() {
    let dir = project(&[
        ("requirements.txt", "-r my reqs.txt\n-c cons$HOME.txt\n"),
        ("my reqs.txt", "flask\n"),
        ("cons$HOME.txt", ""),
        ("app.py", APP),
    ]);
    let (dockerfile, stderr, code) = init_stdout(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(exec_form(&dockerfile, "COPY "), ["requirements.txt", "my reqs.txt", "cons$HOME.txt", "./"]);
}

#[test]
fn a_blank_configured_command_is_refused() {
    let dir = project(&[
        ("requirements.txt", "flask\n"),
        ("app.py", APP),
        ("containerize.toml", "command = [\"\", \"\"]\n"),
    ]);
    let (_, stderr, code) = init_stdout(dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("containerize.toml:1") && stderr.contains("no program to run"), "{stderr}");
}

/// Lines of a .dockerignore as Docker reads them: trimmed, comments out.
fn ignore_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.starts_with('#')).map(str::trim).filter(|l| !l.is_empty()).collect()
}

#[test]
fn no_path_re_includes_a_secret_or_version_control() {
    let dir = project(&[
        ("requirements.txt", "flask\n"),
        ("app.py", APP),
        (".env", "DB_PASSWORD=hunter2\n"),
        (
            "pyproject.toml",
            "[project]\nname = \"img\"\nversion = \"1\"\nreadme = \"build/x\\n!.env\"\nlicense = { file = \".env\" }\n",
        ),
        ("env\n!.git/pyvenv.cfg", ""),
        ("#venv/pyvenv.cfg", ""),
    ]);
    let out = containerize().args(["init", "--yes"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let ignore = std::fs::read_to_string(dir.path().join(".dockerignore")).unwrap();
    let lines = ignore_lines(&ignore);
    assert!(
        !lines.iter().any(|l| l.starts_with('!') && (l.contains(".env") || l.contains(".git"))),
        "{ignore}"
    );
    assert!(lines.contains(&r"\#venv"), "a folder named #venv is excluded, not a comment: {ignore}");
    assert!(
        stderr.contains("`.env` is named as a file the build needs, but it looks like a secret"),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#""build/x\n!.env" is named as a file the build needs, but it holds a line break"#),
        "{stderr}"
    );
    assert!(stderr.contains(r#"the virtual environment "env\n!.git" cannot be left out"#), "{stderr}");
}

/// Strings that break naive quoting, with some unicode, from a fixed seed.
fn hostile_strings(count: usize, allow_control: bool) -> Vec<String> {
    const PIECES: &[&str] = &[
        "a", "Z", "0", " ", "  ", "'", "\"", "\\", "$", "$PORT", "${HOME}", "$(id)", "`id`", ";", "&&", "|",
        ">", "<", "*", "?", "[", "]", "{", "}", "!", "#", "%", "%s", "=", ",", ":", "/", "..", "~", "é", "✓",
        "\u{301}", "\u{2028}", "😀",
    ];
    const CONTROL: &[&str] = &["\n", "\r", "\t", "\x1b[2K", "\u{85}"];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let len = (next() % 8) as usize;
            (0..len)
                .map(|_| {
                    let pick = next() as usize;
                    if allow_control && pick.is_multiple_of(7) {
                        CONTROL[pick % CONTROL.len()]
                    } else {
                        PIECES[pick % PIECES.len()]
                    }
                })
                .collect()
        })
        .collect()
}

/// `sh` itself reads every quoted word back as the value it was given.
#[test]
fn sh_reads_every_literal_word_back() {
    use containerize::shell::{Word, exec_line};
    let values: Vec<String> = hostile_strings(400, true).into_iter().filter(|v| !v.contains('\0')).collect();
    let words: Vec<Word> = values.iter().map(|v| Word::literal(v.as_str())).collect();
    let line = exec_line(&[], &words).pop().unwrap().replacen("exec ", "printf '%s\\0' ", 1);
    let out = Command::new("sh").args(["-c", &line]).env("PORT", "8000").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let back: Vec<String> =
        String::from_utf8(out.stdout).unwrap().split_terminator('\0').map(String::from).collect();
    assert_eq!(back, values);
}

/// Python's own parser reads every literal back as the value it was given
/// (the values travel to Python as hex, so no encoding is trusted twice).
#[test]
fn python_reads_every_literal_back() {
    let values = hostile_strings(400, true);
    let literals: Vec<String> = values.iter().map(|v| containerize::sinks::python::string(v)).collect();
    let hex = |s: &str| {
        s.bytes().fold(String::new(), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
    };
    let mut script = String::from("import ast, sys\nbad = 0\n");
    // Each literal is put into source code, as the probe puts it, and the
    // source is parsed and run.
    for (value, literal) in values.iter().zip(&literals) {
        let _ = write!(
            script,
            "src = 'x = ' + bytes.fromhex('{}').decode()\nast.parse(src)\nspace = {{}}\nexec(src, space)\n\
             if space['x'] != bytes.fromhex('{}').decode(): bad += 1; print(repr(src))\n",
            hex(literal),
            hex(value)
        );
    }
    script.push_str("sys.exit(1 if bad else 0)\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("check.py");
    std::fs::write(&file, script).unwrap();
    match Command::new("python3").arg(&file).output() {
        Ok(out) => assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => eprintln!("skipped: python3 cannot run here ({e})"),
    }
}

/// BuildKit itself reads every ENV value back as the value it was given
/// (values with control characters are refused where they are read).
#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn buildkit_reads_every_env_value_back() {
    use crate::support::{Image, docker, engine_problem, run, skip};
    if let Some(problem) = engine_problem() {
        return skip("ENV values through BuildKit", problem);
    }
    let values = hostile_strings(200, false);
    let mut dockerfile = String::from("FROM scratch\n");
    for (i, value) in values.iter().enumerate() {
        let _ = writeln!(dockerfile, "ENV V{i}={}", containerize::sinks::dockerfile::quoted(value));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), &dockerfile).unwrap();
    let _engine = crate::support::engine_lock();
    let image = Image(format!("containerize-it-sinks/env:{}", std::process::id()));
    let (ok, out) = run(docker().args(["build", "-q", "-t", &image.0]).arg(dir.path()));
    assert!(ok, "{out}");
    let (ok, out) = run(docker().args(["image", "inspect", "--format", "{{json .Config.Env}}", &image.0]));
    assert!(ok, "{out}");
    let env: Vec<String> = serde_json::from_str(out.trim()).unwrap();
    for (i, value) in values.iter().enumerate() {
        let expected = format!("V{i}={value}");
        assert!(env.contains(&expected), "{expected:?} is not in the image's environment");
    }
}
