//! Native dependencies: the Debian packages the builder needs to compile
//! the project's dependencies and those the runtime image needs to run
//! them, and which image the builder starts from.
//!
//! Every production package the install knows (direct requirements, or a
//! lockfile's whole production set) is looked up in `data/native.toml`;
//! `judge.rs` decides whether pip will find a wheel for it. Packages that
//! compile put their build packages in the builder and make it the full
//! `python:X.Y-<codename>` image (compilers, Python's headers, the common
//! `-dev` packages, the same Python as the slim runtime, so the virtual
//! environment moves over unchanged); only runtime libraries reach the
//! final image. `apt.txt` and `[tool.containerize] apt-packages` add
//! runtime packages, `build-apt-packages` builder packages.
//!
//! Not supported: packages the knowledge base does not know (unless a
//! lockfile shows they compile), Debian releases other than the image's.

mod judge;
mod wheels;

use super::BaseImage;
use super::install::{Install, Manager, Package};
use super::python::PythonChoice;
use crate::data::native::{NativePackage, Wheels, knowledge, valid_debian_package};
use crate::diagnostics::{Warning, attention};
use crate::evidence::{Decided, Located, Location, Source};
use crate::settings::Settings;
use anyhow::Result;
use serde::Serialize;
use wheels::{Target, Verdict};

/// System packages to install with apt: build-only in the builder stage,
/// runtime libraries in the final image.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SystemPackages {
    /// Every Debian package compiling needs (headers, tools).
    pub build: Vec<String>,
    /// Debian packages the runtime image installs.
    pub runtime: Vec<String>,
    /// The part of `build` the builder image lacks: the builder installs it.
    pub builder_installs: Vec<String>,
    /// Packages compiled from source (`psycopg2 2.9.13`).
    pub compiled: Vec<String>,
    /// What each package (or file) needs, and why.
    pub reasons: Vec<Need>,
}

/// What one package, or one user declaration, adds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Need {
    /// `psycopg2 2.9.13`, `apt.txt`, `[tool.containerize] apt-packages`.
    pub package: String,
    pub build: Vec<String>,
    pub runtime: Vec<String>,
    /// Compiled from source in the builder.
    pub compiled: bool,
    pub why: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

#[derive(Debug)]
pub struct Decision {
    pub packages: SystemPackages,
    pub builder_image: Decided<BaseImage>,
}

pub fn decide(
    apt_txt: &[Located<String>],
    settings: &Settings,
    install: &Install,
    python: &PythonChoice,
    base: &Decided<BaseImage>,
    warnings: &mut Vec<Warning>,
) -> Result<Decision> {
    let mut needs = packages(install, python, warnings);
    needs.extend(declared(apt_txt, settings)?);
    let mut out = SystemPackages::default();
    for need in &needs {
        if need.compiled {
            out.compiled.push(need.package.clone());
        }
        out.build.extend(need.build.iter().cloned());
        out.runtime.extend(need.runtime.iter().cloned());
    }
    for list in [&mut out.build, &mut out.runtime] {
        list.sort();
        list.dedup();
    }
    let builder_image = builder_image(&mut out, &needs, python, base, warnings);
    out.reasons = needs;
    Ok(Decision { packages: out, builder_image })
}

/// The packages the install would compile from source on `python`: what
/// bounds the choice of Python when the project leaves it open.
pub fn compiled(install: &Install, python: &PythonChoice) -> Vec<Need> {
    packages(install, python, &mut Vec::new()).into_iter().filter(|n| n.compiled).collect()
}

/// The needs of the packages the install puts in the image.
fn packages(install: &Install, python: &PythonChoice, warnings: &mut Vec<Warning>) -> Vec<Need> {
    let kb = knowledge();
    let minor = super::minor_key(&python.minor).1;
    let target = Target { minor, glibc: kb.glibc(&python.codename) };
    let lock = install.source_files.first().map_or("the lockfile", String::as_str);
    // Locked packages were declared by the lockfile itself.
    let locked_at = (install.manager() != Manager::Pip).then(|| Location::file(lock));
    // Packages a requirement's extras add (psycopg[c] → psycopg-c).
    let mut all: Vec<Package> = Vec::new();
    for package in &install.packages {
        let requirement = judge::requirement(package);
        if !judge::installed(requirement.as_ref(), minor) {
            continue;
        }
        let entry = kb.package.get(&package.name);
        for extra in requirement.iter().flat_map(|r| r.extras.iter()) {
            let added = entry.and_then(|e| e.extras.get(extra.as_ref())).into_iter().flatten();
            all.extend(added.map(|name| Package {
                name: name.clone(),
                version: package.version.clone(),
                files: Vec::new(),
                requirement: None,
                location: package.location.clone(),
            }));
        }
        all.push(package.clone());
    }
    for package in &mut all {
        package.location = package.location.take().or_else(|| locked_at.clone());
    }
    let present = |name: &String| all.iter().any(|p| &p.name == name);
    let mut needs = Vec::new();
    for package in &all {
        let location = package.location.clone();
        let Some(entry) = kb.package.get(&package.name) else {
            if let Some(need) = unknown_compiled(package, target, lock, warnings) {
                needs.push(need);
            }
            continue;
        };
        if let Some(other) = entry.unless.iter().find(|n| present(n)) {
            let why =
                format!("{}: {other} is installed too and brings its own libraries", judge::label(package));
            needs.push(Need {
                package: judge::label(package),
                build: vec![],
                runtime: vec![],
                compiled: false,
                why,
                location,
            });
            continue;
        }
        needs.push(need(package, entry, &python.codename, target, lock));
    }
    needs.sort_by(|a, b| a.package.cmp(&b.package));
    needs.dedup_by(|a, b| a.package == b.package);
    needs
}

fn need(package: &Package, entry: &NativePackage, codename: &str, target: Target, lock: &str) -> Need {
    let evidence = judge::wheel(package, Some(entry), target, lock);
    let (build, runtime) = knowledge().lists(entry, codename);
    let (build, runtime, compiled, why) = match (entry.wheels, evidence.wheel) {
        (Wheels::Pure, _) | (Wheels::System, true) => (vec![], runtime, false, evidence.why),
        (Wheels::Bundled, true) => {
            (vec![], vec![], false, format!("{}; the wheel bundles its libraries", evidence.why))
        }
        (Wheels::Never | Wheels::Bundled | Wheels::System, _) => (build, runtime, true, evidence.why),
    };
    Need { package: judge::label(package), build, runtime, compiled, why, location: package.location.clone() }
}

/// A package the knowledge base does not know, whose lockfile shows
/// wheels for other platforms but none for this one: it compiles.
fn unknown_compiled(
    package: &Package,
    target: Target,
    lock: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Need> {
    let Some(Verdict::SourceOnly { platform_wheels: true }) = wheels::judge(&package.files, target) else {
        return None;
    };
    let label = judge::label(package);
    warnings.push(Warning::at(
        Location::file(lock),
        format!(
            "{label} has no wheel for CPython 3.{} on Linux and is compiled in the builder; if it needs \
             Debian libraries, name them in the configuration ([tool.containerize] or containerize.toml): \
             build-apt-packages (headers) and apt-packages (libraries)",
            target.minor
        ),
    ));
    let why =
        format!("{label}: {lock} lists wheels for other platforms, none for this one: built from source");
    Some(Need {
        package: label,
        build: vec![],
        runtime: vec![],
        compiled: true,
        why,
        location: package.location.clone(),
    })
}

/// Packages the user names: `apt.txt`, and `apt-packages` /
/// `build-apt-packages` in `[tool.containerize]` or `containerize.toml`.
fn declared(apt_txt: &[Located<String>], settings: &Settings) -> Result<Vec<Need>> {
    let mut needs = Vec::new();
    if !apt_txt.is_empty() {
        let runtime: Vec<String> = apt_txt.iter().map(|name| name.value.clone()).collect();
        let why = "apt.txt (repo2docker's convention): installed in the runtime image".to_string();
        let location = Some(Location::file(crate::detect::apt_txt::FILE));
        needs.push(Need {
            package: "apt.txt".into(),
            build: vec![],
            runtime,
            compiled: false,
            why,
            location,
        });
    }
    let keys = [
        ("apt-packages", &settings.apt_packages, false),
        ("build-apt-packages", &settings.build_apt_packages, true),
    ];
    for (key, names, build) in keys {
        if names.is_empty() {
            continue;
        }
        if let Some(bad) = names.iter().find(|n| !valid_debian_package(n)) {
            return Err(attention(format!(
                "{key} in the configuration: `{bad}` is not a Debian package name (lowercase letters, digits, \
                 `+`, `-`, `.`; optionally `=version`)"
            )));
        }
        let (build, runtime, stage) = if build {
            (names.clone(), vec![], "the builder")
        } else {
            (vec![], names.clone(), "the runtime image")
        };
        let why = format!("{key} in the configuration: installed in {stage}");
        needs.push(Need { package: key.to_string(), build, runtime, compiled: false, why, location: None });
    }
    Ok(needs)
}

/// The builder's image and what it installs: the full image when anything
/// compiles (the official slim image is the base), else the base itself.
fn builder_image(
    out: &mut SystemPackages,
    needs: &[Need],
    python: &PythonChoice,
    base: &Decided<BaseImage>,
    warnings: &mut Vec<Warning>,
) -> Decided<BaseImage> {
    let kb = knowledge();
    let codename = &python.codename;
    let first = needs.iter().find(|n| n.compiled);
    let Some(first) = first else {
        out.builder_installs = out.build.clone();
        let reason = "nothing is compiled: the same image as the runtime stage";
        return Decided::new(base.value.clone(), base.source.clone(), reason);
    };
    let source = match &first.location {
        Some(location) => Source::Inferred { location: location.clone() },
        None => Source::Default,
    };
    let compiled = out.compiled.join(", ");
    if let BaseImage::Named { reference } = &base.value {
        let mut installs: Vec<String> = kb.builder.compiler.iter().map(|p| kb.rename(codename, p)).collect();
        installs.extend(out.build.iter().cloned());
        installs.sort();
        installs.dedup();
        out.builder_installs = installs;
        warnings.push(Warning::new(format!(
            "{compiled} compiled in --base-image {reference}: the builder installs a compiler, and the image must \
             carry Python's headers (official python images do)"
        )));
        let reason = format!("named on the command line; {compiled} compiled there");
        return Decided::new(base.value.clone(), base.source.clone(), reason);
    }
    out.builder_installs = out.build.iter().filter(|p| !kb.builder_has(codename, p)).cloned().collect();
    let full = BaseImage::official(false, codename);
    let reason = format!(
        "{compiled} compiled from source: the full image has gcc, Python's headers and common -dev \
         packages; only the virtual environment moves to the slim runtime image"
    );
    Decided::new(full, source, reason)
}

#[cfg(test)]
mod tests;
