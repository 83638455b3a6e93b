use super::*;

#[test]
fn app_specs() {
    let spec = AppSpec::parse("pkg.wsgi:create_app()").unwrap();
    assert_eq!((spec.module.as_str(), spec.attr.as_str(), spec.factory), ("pkg.wsgi", "create_app", true));
    assert_eq!(spec.spec(), "pkg.wsgi:create_app()");
    for bad in ["app", "app:", ":app", "my-app:app", "app:app(x)"] {
        assert!(AppSpec::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn python_and_images() {
    assert_eq!(parse_python("3.13").unwrap(), PythonMinor::new(3, 13));
    assert!(parse_python("3.13.1").is_err());
    assert!(parse_python("three").is_err());
    assert!(check_image("python:3.13-slim").is_ok());
    assert!(check_image("registry.local:5000/python@sha256:abc").is_ok());
    assert!(check_image("registry.local:5000/python").is_err());
    assert!(check_image("python:latest").is_err());
    assert!(check_image("python").is_err());
}

fn config(text: &str) -> ConfigFacts {
    let raw = toml::from_str(text).unwrap();
    ConfigFacts { raw, file: "containerize.toml".into(), text: text.into() }
}

/// Settings from `flags` (those of `init`) over `config`.
fn resolve(flags: &[&str], config: &ConfigFacts) -> Result<Settings> {
    use clap::Parser;
    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        project: ProjectArgs,
        #[command(flatten)]
        render: RenderArgs,
    }
    let typed = Wrapper::parse_from(std::iter::once("containerize").chain(flags.iter().copied()));
    Settings::resolve(&typed.project, &typed.render, Some(config), Path::new("/p"))
}

#[test]
fn flags_beat_configuration_and_sources_are_kept() {
    let config = config("python = \"3.13\"\nport = 9000\n");
    let settings = resolve(&["--port", "7000"], &config).unwrap();
    assert_eq!(settings.port.unwrap(), Set { value: 7000, source: Source::flag("--port") });
    let python = settings.python.unwrap();
    assert_eq!(python.value, PythonMinor::new(3, 13));
    assert_eq!(python.source.to_string(), "python in containerize.toml:1");
}

#[test]
fn bad_configuration_values_name_key_file_and_line() {
    let config = config("port = 8000\nenv = { DB_PASSWORD = \"hunter2\" }\n");
    let err = resolve(&[], &config).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "containerize.toml:2: `env` in containerize.toml has `DB_PASSWORD`, which looks like a secret"
        ),
        "{err}"
    );
    let config = self::config("apt-packages = [\"libpq5\", \"libpq5 && curl\"]\n");
    let err = resolve(&[], &config).unwrap_err().to_string();
    assert!(err.contains("has `libpq5 && curl`, which is not a Debian package name"), "{err}");
    let config =
        self::config("build-apt-packages = [\"libldap-dev\"]\napt-packages = [\"libldap2=2.6.10+dfsg-1\"]\n");
    let settings = resolve(&[], &config).unwrap();
    assert_eq!(
        (settings.build_apt_packages, settings.apt_packages),
        (vec!["libldap-dev".to_string()], vec!["libldap2=2.6.10+dfsg-1".to_string()])
    );
    let config = self::config("uid = 0\n");
    let err = resolve(&[], &config).unwrap_err().to_string();
    assert!(err.contains("`uid` in containerize.toml `0` must be between 1000"), "{err}");
}

#[test]
fn precedence_is_flag_then_configuration_then_default() {
    let empty = config("");
    let settings = resolve(&[], &empty).unwrap();
    assert_eq!((&settings.port, settings.buildkit(), settings.syntax_line), (&None, true, false));
    assert!(settings.warnings.is_empty());
    let configured = config("port = 8000\nbuildkit = false\nsyntax-line = true\n");
    let settings = resolve(&[], &configured).unwrap();
    assert_eq!(settings.port.as_ref().unwrap().source.to_string(), "port in containerize.toml:1");
    assert!(!settings.buildkit() && settings.syntax_line);
    assert!(!settings.legacy_builder(), "a configuration changes the file, not the builder");
    let settings = resolve(&["--no-buildkit"], &empty).unwrap();
    assert!(!settings.buildkit() && settings.legacy_builder());
}

#[test]
fn a_flag_that_overrides_the_configuration_is_a_warning() {
    let config = config("python = \"3.12\"\nport = 8000\nbuildkit = true\n");
    let settings = resolve(&["--port", "9000", "--python", "3.13", "--no-buildkit"], &config).unwrap();
    let warnings: Vec<String> = settings.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "--python 3.13 overrides `python = \"3.12\"` in containerize.toml:1",
            "--port 9000 overrides `port = 8000` in containerize.toml:2",
            "--no-buildkit overrides `buildkit = true` in containerize.toml:3",
        ]
    );
    assert_eq!(settings.port.unwrap().value, 9000);
    // A flag equal to nothing configured overrides nothing.
    assert!(resolve(&["--app", "app:app"], &config).unwrap().warnings.is_empty());
}

#[test]
fn an_overridden_configuration_value_is_still_checked() {
    let config = config("port = 0\n");
    let err = resolve(&["--port", "9000"], &config).unwrap_err().to_string();
    assert!(err.starts_with("containerize.toml:1: `port` in containerize.toml must be between"), "{err}");
}
