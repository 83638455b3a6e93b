//! Apps started as a script rather than served by name: Streamlit, Gradio
//! and Panel scripts (runners in `data/frameworks.toml`), and packages with
//! a `__main__.py` (`python -m pkg`).
//!
//! A runner script imports the runner's module and, at module level (or in
//! its `__main__` block), calls into it: Streamlit scripts call `st.*`,
//! Gradio scripts `.launch()`, Panel scripts `.servable()`. Streamlit's
//! multipage `pages/` are never entry scripts.

use super::apps::{PortHint, SourceModule, port_hint};
use super::python_source::Scope;
use crate::data;
use crate::evidence::Location;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunnerScript {
    /// The runner's name (`Streamlit`).
    pub runner: String,
    /// Root-relative path of the script.
    pub path: String,
    /// The call that makes it a runner script.
    pub location: Location,
    /// A port the script states (`demo.launch(server_port=7861)`).
    pub port: Option<PortHint>,
}

/// A package that runs with `python -m`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MainPackage {
    pub package: String,
    pub root: String,
    pub location: Location,
}

pub fn runner_scripts(modules: &[SourceModule]) -> Vec<RunnerScript> {
    let runners = &data::frameworks().runner;
    let mut out = Vec::new();
    for module in modules.iter().filter(|m| !m.path.starts_with("pages/") && !m.path.contains("/pages/")) {
        for runner in runners {
            let aliases: Vec<&str> = module
                .summary
                .imports
                .iter()
                .filter(|i| {
                    i.level == 0
                        && runner
                            .modules
                            .iter()
                            .any(|r| i.module == *r || i.module.starts_with(&format!("{r}.")))
                })
                .map(|i| i.local.as_str())
                .collect();
            if aliases.is_empty() {
                continue;
            }
            let top_level =
                module.summary.calls.iter().filter(|c| matches!(c.scope, Scope::Module | Scope::MainGuard));
            let evidence = top_level
                .filter(|c| match &runner.requires_call {
                    Some(method) => c.call.func == *method || c.call.func.ends_with(&format!(".{method}")),
                    None => aliases.iter().any(|a| c.call.func.split('.').next() == Some(a)),
                })
                .map(|c| &c.call)
                .next();
            let Some(call) = evidence else { continue };
            let location = Location::at(&module.path, call.line);
            let port = ["server_port", "port"]
                .iter()
                .find_map(|k| call.kwarg(k))
                .and_then(|v| port_hint(v, module, &location));
            out.push(RunnerScript { runner: runner.name.clone(), path: module.path.clone(), location, port });
        }
    }
    out.sort_by_key(|s| (rank(&s.runner, &s.path), s.path.matches('/').count(), s.path.clone()));
    out
}

/// Conventional names first (per runner), then anything else.
fn rank(runner: &str, path: &str) -> usize {
    let names = &data::frameworks()
        .runner
        .iter()
        .find(|r| r.name == runner)
        .map(|r| r.names.clone())
        .unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or(path);
    names.iter().position(|n| n == file).unwrap_or(names.len())
}

pub fn main_packages(modules: &[SourceModule]) -> Vec<MainPackage> {
    modules
        .iter()
        .filter_map(|m| {
            let package = m.module.strip_suffix(".__main__")?;
            Some(MainPackage {
                package: package.to_string(),
                root: m.root.clone(),
                location: Location::file(&m.path),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::python_source::summarize;

    fn module(path: &str, source: &str) -> SourceModule {
        let name = path.trim_end_matches(".py").replace('/', ".");
        SourceModule { path: path.into(), root: String::new(), module: name, summary: summarize(source) }
    }

    #[test]
    fn streamlit_gradio_and_panel_scripts() {
        let modules = vec![
            module("pages/2_more.py", "import streamlit as st\nst.title('more')\n"),
            module("streamlit_app.py", "import streamlit as st\nst.title('hi')\n"),
            module("helpers.py", "import streamlit as st\ndef show():\n    st.write('x')\n"),
            module(
                "demo.py",
                "import gradio as gr\ndemo = gr.Interface(fn=f, inputs='text', outputs='text')\nif __name__ == '__main__':\n    demo.launch(server_port=7861)\n",
            ),
            module("dash.py", "import panel as pn\npn.panel('hi').servable()\n"),
        ];
        let found: Vec<_> = runner_scripts(&modules)
            .into_iter()
            .map(|s| (s.runner, s.path, s.port.and_then(|p| p.port)))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Streamlit".to_string(), "streamlit_app.py".to_string(), None),
                ("Gradio".to_string(), "demo.py".to_string(), Some(7861)),
                ("Panel".to_string(), "dash.py".to_string(), None),
            ]
        );
    }

    #[test]
    fn packages_with_a_main_module() {
        let mut m = module("tool/__main__.py", "print('x')\n");
        m.module = "tool.__main__".into();
        assert_eq!(main_packages(&[m])[0].package, "tool");
    }
}
