use super::*;

fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let project = Project::open(dir.path()).unwrap();
    (dir, project)
}

fn names(facts: &RequirementsFacts) -> Vec<&str> {
    facts.dependencies.iter().map(|d| d.name.as_str()).collect()
}

#[test]
fn comments_continuations_markers_and_hashes() {
    let (_d, p) = project(&[(
        "requirements.txt",
        "# pinned\nFlask==3.1.0  # web\nrequests[socks] >= 2.31 ; python_version >= \"3.8\"\n\
             gunicorn==23.0.0 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\nZope.Interface\r\n",
    )]);
    let facts = read(&p, "requirements.txt").unwrap();
    assert_eq!(names(&facts), vec!["flask", "requests", "gunicorn", "zope-interface"]);
    assert_eq!(facts.dependencies[2].location, Location::at("requirements.txt", 4));
    assert_eq!(facts.dependencies[2].text, "gunicorn==23.0.0");
    assert_eq!(facts.dependencies[2].pinned.as_deref(), Some("23.0.0"));
    assert_eq!(facts.dependencies[1].pinned, None);
    assert!(facts.dependencies[1].marker.as_deref().unwrap().contains("python_full_version"));
    assert!(facts.uses_hashes);
    assert!(facts.warnings.is_empty(), "{:?}", facts.warnings);
}

#[test]
fn includes_resolve_relative_to_the_including_file() {
    let (_d, p) = project(&[
        ("requirements.txt", "-r requirements/prod.txt\n-c constraints.txt\n"),
        ("requirements/prod.txt", "--requirement=base.txt\nuvicorn\n"),
        ("requirements/base.txt", "fastapi\n"),
        ("constraints.txt", "fastapi<1\n"),
    ]);
    let facts = read(&p, "requirements.txt").unwrap();
    assert_eq!(
        facts.files,
        vec!["requirements.txt", "requirements/prod.txt", "requirements/base.txt", "constraints.txt"]
    );
    assert_eq!(names(&facts), vec!["fastapi", "uvicorn"]);
}

#[test]
fn missing_include_names_the_including_line() {
    let (_d, p) = project(&[("requirements.txt", "flask\n-r base.txt\n")]);
    let err = read(&p, "requirements.txt").unwrap_err().to_string();
    assert_eq!(err, "requirements.txt:2: `base.txt` does not exist");
}

#[test]
fn include_cycles_are_errors_and_escapes_are_not_read() {
    let (_d, p) = project(&[("requirements.txt", "-r a.txt\n"), ("a.txt", "-r requirements.txt\n")]);
    let err = read(&p, "requirements.txt").unwrap_err().to_string();
    assert!(err.contains("includes itself (requirements.txt → a.txt → requirements.txt)"), "{err}");
    let (_d, p) = project(&[("requirements.txt", "flask\n-r ../../etc/passwd\n")]);
    let facts = read(&p, "requirements.txt").unwrap();
    assert_eq!(facts.files, vec!["requirements.txt"]);
    assert!(
        facts.warnings[0]
            .to_string()
            .starts_with("requirements.txt:2: `../../etc/passwd` is outside the project: not read")
    );
}

#[test]
fn malformed_requirement_names_file_line_and_problem() {
    let (_d, p) = project(&[("requirements.txt", "flask\nrequests>=\n")]);
    let err = read(&p, "requirements.txt").unwrap_err().to_string();
    assert!(err.starts_with("requirements.txt:2: invalid requirement `requests>=`:"), "{err}");
}

#[test]
fn urls_paths_editables_and_indexes() {
    let (_d, p) = project(&[
        ("libs/shared/pyproject.toml", ""),
        ("wheels/tool-1.0-py3-none-any.whl", ""),
        ("vendor/mylib/setup.py", ""),
        (
            "requirements.txt",
            "--index-url https://user:hunter2@pypi.example.com/simple\n\
             --extra-index-url=https://${TOKEN}@extra.example.com/simple\n\
             -e ./libs/shared\n./wheels/tool-1.0-py3-none-any.whl\n\
             mylib @ file:./vendor/mylib\n\
             https://example.com/pkg-1.0.tar.gz\n--weird-option\n",
        ),
    ]);
    let facts = read(&p, "requirements.txt").unwrap();
    let paths: Vec<_> = facts.local_paths.iter().map(|l| l.path.as_str()).collect();
    assert_eq!(paths, vec!["libs/shared", "wheels/tool-1.0-py3-none-any.whl", "vendor/mylib"]);
    assert_eq!(facts.index_urls[0].value, "https://user:****@pypi.example.com/simple");
    assert_eq!(facts.index_urls[1].value, "https://${TOKEN}@extra.example.com/simple");
    assert_eq!(facts.env_vars[0].value, "TOKEN");
    assert_eq!(facts.unnamed[0].value, "https://example.com/pkg-1.0.tar.gz");
    assert_eq!(names(&facts), vec!["mylib"]);
    assert_eq!(facts.warnings.len(), 1);
    assert!(facts.warnings[0].to_string().starts_with("requirements.txt:7: kept `--weird-option`"));
}

#[test]
fn missing_local_paths_are_errors() {
    let (_d, p) = project(&[("requirements.txt", "-e ./libs/gone\n")]);
    let err = read(&p, "requirements.txt").unwrap_err().to_string();
    assert_eq!(
        err,
        "requirements.txt:1: `libs/gone` is not in the project; pip installs it from the project folder"
    );
}

#[test]
fn editable_project_root_is_a_local_path() {
    assert_eq!(local_path("."), Some(".".to_string()));
    assert_eq!(local_path(".[web]"), Some(".".to_string()));
    assert_eq!(local_path("../sibling"), None);
    assert_eq!(local_path("git+https://github.com/a/b#egg=b"), None);
}

#[test]
fn token_only_credentials_are_masked() {
    assert_eq!(mask_credentials("https://abc123@host/simple"), "https://****@host/simple");
    assert_eq!(mask_credentials("https://host/simple"), "https://host/simple");
}

/// Found by `cargo fuzz`: a `-` followed by a multi-byte character was
/// sliced as a short option in the middle of that character.
#[test]
fn options_are_split_on_character_boundaries() {
    assert_eq!(super::lines::split_option("-\u{64f}@@t=2.0"), ("-\u{64f}@@t=2.0", None));
    assert_eq!(super::lines::split_option("-rbase.txt"), ("-r", Some("base.txt")));
    let facts = parse_text("-\u{64f}@@t=2.0\nflask\n", "requirements.txt");
    assert!(facts.is_ok_and(|f| names(&f) == ["flask"]));
}

#[test]
fn a_file_included_many_times_is_read_once() {
    // Fifteen levels, each including the next three times: 3^15 reads if
    // every include were followed, one each here.
    let texts: Vec<(String, String)> = (0..15)
        .map(|i| (format!("r{i}.txt"), format!("-r r{n}.txt\n-c r{n}.txt\n-r r{n}.txt\npkg{i}\n", n = i + 1)))
        .chain([("r15.txt".to_string(), "pkg15\n${TOKEN}\n".to_string())])
        .collect();
    let files: Vec<(&str, &str)> = texts.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (_d, p) = project(&files);
    let facts = read(&p, "r0.txt").unwrap();
    assert_eq!(facts.files.len(), 16);
    assert_eq!(facts.dependencies.len(), 16);
    assert_eq!(facts.env_vars.len(), 1, "a file's findings are reported once");
}
