//! The native-dependency decision on small installs.

use super::*;
use crate::plan::install::{PipSteps, Steps, UvSteps};

fn python(minor: &str, codename: &str) -> PythonChoice {
    PythonChoice { minor: minor.into(), source: "default", codename: codename.into(), bounded_by: None }
}

fn slim(codename: &str) -> Decided<BaseImage> {
    Decided::new(BaseImage::official(true, codename), Source::Default, "official")
}

fn pip(requirements: &[&str]) -> Install {
    let steps = PipSteps { copy: vec![], requirements: None, dependencies: vec![], extra_separately: false };
    let mut install = Install::new(Steps::Pip(steps));
    install.source_files = vec!["requirements.txt".into()];
    install.packages = requirements
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let requirement: pep508_rs::Requirement<pep508_rs::VerbatimUrl> = text.parse().unwrap();
            let version = text.split_once("==").map(|(_, v)| v.split(';').next().unwrap().trim().to_string());
            Package {
                name: requirement.name.to_string(),
                version,
                files: vec![],
                requirement: Some(text.to_string()),
                location: Some(Location::at("requirements.txt", i as u32 + 1)),
            }
        })
        .collect();
    install
}

fn run(install: &Install, minor: &str, codename: &str) -> (Decision, Vec<Warning>) {
    let mut warnings = Vec::new();
    let decision =
        decide(&[], &Settings::default(), install, &python(minor, codename), &slim(codename), &mut warnings)
            .unwrap();
    (decision, warnings)
}

#[test]
fn psycopg2_compiles_in_the_full_image_and_runs_with_libpq5() {
    let (d, warnings) = run(&pip(&["flask==3.1.3", "psycopg2==2.9.13"]), "3.11", "bookworm");
    let p = &d.packages;
    assert_eq!(p.build, ["libpq-dev"]);
    assert_eq!(p.runtime, ["libpq5"]);
    assert!(p.builder_installs.is_empty(), "the full image has libpq-dev");
    assert_eq!(p.compiled, ["psycopg2 2.9.13"]);
    assert_eq!(d.builder_image.value.reference(), "python:${PYTHON_VERSION}-bookworm");
    assert_eq!(d.builder_image.source.to_string(), "requirements.txt:2");
    assert_eq!(p.reasons.len(), 1, "flask needs nothing and is not listed");
    assert_eq!(p.reasons[0].why, "psycopg2 2.9.13: no Linux wheels on PyPI, built from source");
    assert!(warnings.is_empty());
}

#[test]
fn a_pinned_wheel_needs_no_builder_change() {
    let (d, _) = run(&pip(&["lxml==6.0.1", "python-magic==0.4.27"]), "3.14", "trixie");
    let p = &d.packages;
    assert!(p.build.is_empty() && p.compiled.is_empty());
    assert_eq!(p.runtime, ["libmagic1t64"], "trixie's name");
    assert_eq!(d.builder_image.value.reference(), "python:${PYTHON_VERSION}-slim-trixie");
    let lxml = p.reasons.iter().find(|n| n.package == "lxml 6.0.1").unwrap();
    assert!(lxml.why.ends_with("the wheel bundles its libraries"), "{}", lxml.why);
}

#[test]
fn unpinned_wheel_packages_get_the_safe_build_set() {
    let (d, _) = run(&pip(&["lxml"]), "3.13", "trixie");
    let p = &d.packages;
    assert_eq!(p.build, ["libxml2-dev", "libxslt1-dev"]);
    assert_eq!(p.runtime, ["libxml2", "libxslt1.1"]);
    assert!(p.builder_installs.is_empty(), "the full image has both");
    assert_eq!(d.builder_image.value.reference(), "python:${PYTHON_VERSION}-trixie");
}

#[test]
fn builder_installs_what_the_full_image_lacks() {
    let (d, _) = run(&pip(&["python-ldap==3.4.4"]), "3.13", "trixie");
    assert_eq!(d.packages.builder_installs, ["libldap-dev", "libsasl2-dev"]);
    assert_eq!(d.packages.runtime, ["libldap2", "libsasl2-2"]);
    let (d, _) = run(&pip(&["python-ldap==3.4.4"]), "3.11", "bookworm");
    assert_eq!(d.packages.runtime, ["libldap-2.5-0", "libsasl2-2"]);
}

#[test]
fn markers_extras_and_unless() {
    let (d, _) = run(&pip(&["psycopg2==2.9.13; sys_platform == 'win32'"]), "3.13", "trixie");
    assert!(d.packages.reasons.is_empty(), "not installed on Linux");
    let (d, _) = run(&pip(&["psycopg[c]==3.2.3"]), "3.13", "trixie");
    assert_eq!(d.packages.compiled, ["psycopg-c 3.2.3"]);
    assert_eq!(d.packages.runtime, ["libpq5"]);
    let (d, _) = run(&pip(&["psycopg[binary]==3.2.3"]), "3.13", "trixie");
    assert!(d.packages.runtime.is_empty(), "{:?}", d.packages.reasons);
    let (d, _) = run(&pip(&["psycopg==3.2.3"]), "3.13", "trixie");
    assert_eq!(d.packages.runtime, ["libpq5"]);
    assert!(d.packages.compiled.is_empty());
}

#[test]
fn lockfile_wheels_decide_and_unknown_compiled_packages_are_found() {
    let steps = UvSteps { workspace: false, package: None, sync_dependencies: vec![], sync_project: vec![] };
    let mut install = Install::new(Steps::Uv(steps));
    install.source_files = vec!["uv.lock".into()];
    let package = |name: &str, files: &[&str]| Package {
        name: name.into(),
        version: Some("1.0".into()),
        files: files.iter().map(|f| f.to_string()).collect(),
        requirement: None,
        location: None,
    };
    install.packages = vec![
        package(
            "lxml",
            &[
                "lxml-1.0-cp313-cp313-manylinux_2_28_x86_64.whl",
                "lxml-1.0-cp313-cp313-manylinux_2_28_aarch64.whl",
            ],
        ),
        package("fastcrc", &["fastcrc-1.0.tar.gz", "fastcrc-1.0-cp313-cp313-win_amd64.whl"]),
        package("purely", &["purely-1.0.tar.gz"]),
    ];
    let (d, warnings) = run(&install, "3.13", "trixie");
    assert!(d.packages.reasons.iter().any(|n| n.package == "lxml 1.0" && !n.compiled));
    assert_eq!(d.packages.compiled, ["fastcrc 1.0"]);
    assert_eq!(d.builder_image.value.reference(), "python:${PYTHON_VERSION}-trixie");
    assert_eq!(d.builder_image.source.to_string(), "uv.lock");
    assert!(warnings[0].message.starts_with("fastcrc 1.0 has no wheel for CPython 3.13 on Linux"));
}

#[test]
fn user_packages_and_custom_base_images() {
    let settings = Settings {
        apt_packages: vec!["poppler-utils".into()],
        build_apt_packages: vec!["libfoo-dev".into()],
        ..Settings::default()
    };
    let apt_txt = vec![crate::evidence::Located::new("libmagic1".to_string(), Location::at("apt.txt", 1))];
    let install = pip(&["flask==3.1.3"]);
    let mut warnings = Vec::new();
    let d =
        decide(&apt_txt, &settings, &install, &python("3.11", "bookworm"), &slim("bookworm"), &mut warnings)
            .unwrap();
    assert_eq!(d.packages.runtime, ["libmagic1", "poppler-utils"]);
    assert_eq!(d.packages.builder_installs, ["libfoo-dev"]);
    assert_eq!(
        d.builder_image.value.reference(),
        "python:${PYTHON_VERSION}-slim-bookworm",
        "nothing compiles"
    );

    let custom = Decided::new(
        BaseImage::Named { reference: "registry.local/python:3.11".into() },
        Source::flag("--base-image"),
        "named",
    );
    let install = pip(&["psycopg2==2.9.13"]);
    let d = decide(&[], &Settings::default(), &install, &python("3.11", "bookworm"), &custom, &mut warnings)
        .unwrap();
    assert_eq!(d.builder_image.value.reference(), "registry.local/python:3.11");
    assert_eq!(d.packages.builder_installs, ["g++", "gcc", "libc6-dev", "libpq-dev", "make", "pkg-config"]);
    assert!(warnings.iter().any(|w| w.message.contains("must carry Python's headers")));

    let bad = Settings { apt_packages: vec!["libpq5 && curl".into()], ..Settings::default() };
    let err = decide(&[], &bad, &install, &python("3.11", "bookworm"), &slim("bookworm"), &mut warnings);
    assert!(err.unwrap_err().to_string().contains("`libpq5 && curl` is not a Debian package name"));
}
