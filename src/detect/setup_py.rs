//! `setup.py` and `setup.cfg`: the dependencies and Python requirement of a
//! setuptools project that has no `[project]` table.
//!
//! `setup.py` is read from its AST (never executed): a `setup(...)` call's
//! `install_requires` and `python_requires` are used when they are literal;
//! anything computed makes the dependencies dynamic, so the image installs
//! the project with pip and lets setuptools compute them. A `setup.py` that
//! does not parse is an error naming the line.

use super::python_source::{self, Scope, Value};
use super::tool_tables::normalize;
use crate::diagnostics::attention;
use crate::evidence::{Located, Location};
use crate::project::{MANIFEST_LIMIT, Project, SOURCE_LIMIT};
use anyhow::Result;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetupFacts {
    /// Which of `setup.py` / `setup.cfg` exist.
    pub files: Vec<String>,
    /// Literal `install_requires`; `None` when computed (dynamic).
    pub install_requires: Option<Vec<(String, Option<String>)>>,
    pub python_requires: Option<Located<String>>,
}

pub fn read(project: &Project) -> Result<Option<SetupFacts>> {
    // setup.py is Python: parsing it costs what parsing any module does, so
    // it gets the limit of Python sources, not the larger one of manifests.
    let setup_py = project.read_required("setup.py", SOURCE_LIMIT)?;
    let setup_cfg = project.read_required("setup.cfg", MANIFEST_LIMIT)?;
    let mut facts = SetupFacts::default();
    let mut requires: Option<Vec<(String, Option<String>)>> = None;
    let mut dynamic = false;
    if let Some(text) = &setup_cfg {
        let (cfg_requires, python) = parse_cfg(text)?;
        facts.files.push("setup.cfg".into());
        requires = cfg_requires;
        facts.python_requires = python;
    }
    if let Some(text) = &setup_py {
        facts.files.insert(0, "setup.py".into());
        match parse_py(text)? {
            SetupCall::None => {}
            SetupCall::Literal { install_requires, python_requires } => {
                if install_requires.is_some() {
                    requires = install_requires;
                }
                if python_requires.is_some() {
                    facts.python_requires = python_requires;
                }
            }
            SetupCall::Dynamic => dynamic = true,
        }
    }
    // Neither file, or a setup.cfg that only configures other tools
    // (flake8, …): not a setuptools project.
    if setup_py.is_none() && requires.is_none() && facts.python_requires.is_none() {
        return Ok(None);
    }
    // A requirement goes into an install command's line: a line break in
    // one is refused, as pip would refuse it.
    if let Some((text, _)) =
        requires.iter().flatten().find(|(t, _)| t.contains(|c: char| c.is_control() && c != '\t'))
    {
        return Err(attention(format!(
            "{}: invalid requirement `{}`: a requirement is one line: it holds a line break or a control character",
            if setup_py.is_some() { "setup.py" } else { "setup.cfg" },
            crate::sinks::terminal::one_line(text)
        )));
    }
    facts.install_requires = if dynamic { None } else { Some(requires.unwrap_or_default()) };
    Ok(Some(facts))
}

enum SetupCall {
    None,
    Literal {
        install_requires: Option<Vec<(String, Option<String>)>>,
        python_requires: Option<Located<String>>,
    },
    Dynamic,
}

fn parse_py(text: &str) -> Result<SetupCall> {
    let summary = python_source::summarize(text);
    if let Some(error) = summary.errors.first() {
        return Err(attention(format!(
            "setup.py:{}: cannot be parsed ({}); fix it or describe the project in pyproject.toml",
            error.line, error.message
        )));
    }
    let call = summary
        .calls
        .iter()
        .filter(|c| matches!(c.scope, Scope::Module | Scope::MainGuard))
        .map(|c| &c.call)
        .find(|c| c.func == "setup" || c.func.ends_with(".setup"));
    let Some(call) = call else { return Ok(SetupCall::None) };
    let install_requires = match call.kwarg("install_requires") {
        None => None,
        Some(Value::List(items)) => {
            let mut out = Vec::new();
            for item in items {
                let Value::Str(text) = item else { return Ok(SetupCall::Dynamic) };
                out.push((text.clone(), requirement_name(text)));
            }
            Some(out)
        }
        Some(_) => return Ok(SetupCall::Dynamic),
    };
    let python_requires = match call.kwarg("python_requires") {
        Some(Value::Str(spec)) => Some(Located::new(spec.clone(), Location::at("setup.py", call.line))),
        _ => None,
    };
    Ok(SetupCall::Literal { install_requires, python_requires })
}

type CfgFacts = (Option<Vec<(String, Option<String>)>>, Option<Located<String>>);

fn parse_cfg(text: &str) -> Result<CfgFacts> {
    let options = ini::ParseOption {
        enabled_quote: false,
        enabled_escape: false,
        enabled_indented_mutiline_value: true,
        enabled_preserve_key_leading_whitespace: false,
    };
    let ini = ini::Ini::load_from_str_opt(text, options)
        .map_err(|e| attention(format!("setup.cfg:{}:{}: invalid INI: {}", e.line, e.col, e.msg)))?;
    let requires = ini.get_from(Some("options"), "install_requires").map(|value| {
        value
            .lines()
            .map(|l| l.split('#').next().unwrap_or_default().trim())
            .filter(|l| !l.is_empty())
            .map(|l| (l.to_string(), requirement_name(l)))
            .collect()
    });
    let python = ini.get_from(Some("options"), "python_requires").map(|spec| {
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with("python_requires"))
            .map_or(1, |i| i as u32 + 1);
        Located::new(spec.trim().to_string(), Location::at("setup.cfg", line))
    });
    Ok((requires, python))
}

fn requirement_name(text: &str) -> Option<String> {
    super::pep508::name(text).map(|name| normalize(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            std::fs::write(dir.path().join(rel), text).unwrap();
        }
        let project = Project::open(dir.path()).unwrap();
        (dir, project)
    }

    #[test]
    fn literal_setup_py() {
        let (_d, p) = project(&[(
            "setup.py",
            "from setuptools import setup, find_packages\n\nsetup(\n    name='x',\n    install_requires=['Flask>=3', 'gunicorn'],\n    python_requires='>=3.11',\n)\n",
        )]);
        let facts = read(&p).unwrap().unwrap();
        let names: Vec<_> = facts.install_requires.unwrap().into_iter().map(|(_, n)| n.unwrap()).collect();
        assert_eq!(names, vec!["flask", "gunicorn"]);
        assert_eq!(facts.python_requires, Some(Located::new(">=3.11".into(), Location::at("setup.py", 3))));
    }

    #[test]
    fn computed_requirements_are_dynamic() {
        let (_d, p) = project(&[(
            "setup.py",
            "import setuptools\nreqs = open('r.txt').read().split()\nsetuptools.setup(install_requires=reqs)\n",
        )]);
        assert_eq!(read(&p).unwrap().unwrap().install_requires, None);
    }

    #[test]
    fn setup_cfg_multiline_values() {
        let (_d, p) = project(&[(
            "setup.cfg",
            "[metadata]\nname = x\n\n[options]\npython_requires = >=3.13\ninstall_requires =\n    flask>=3\n    # a comment\n    gunicorn\n",
        )]);
        let facts = read(&p).unwrap().unwrap();
        assert_eq!(facts.install_requires.unwrap().len(), 2);
        assert_eq!(facts.python_requires, Some(Located::new(">=3.13".into(), Location::at("setup.cfg", 5))));
    }

    #[test]
    fn setup_cfg_for_other_tools_is_not_a_project() {
        let (_d, p) = project(&[("setup.cfg", "[flake8]\nmax-line-length = 100\n")]);
        assert!(read(&p).unwrap().is_none());
    }

    #[test]
    fn unparseable_setup_py_is_an_error() {
        let (_d, p) = project(&[("setup.py", "setup(name='x'\n")]);
        let err = read(&p).unwrap_err().to_string();
        assert!(err.starts_with("setup.py:"), "{err}");
    }
}
