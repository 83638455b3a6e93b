//! Python source → a small, owned summary of what a module says.
//!
//! This is the only module that touches Ruff's parser (`ruff_python_parser`,
//! `ruff_python_ast`, `ruff_text_size`, pinned together at `=0.0.10`). Their
//! API is unstable, so nothing outside this module sees an AST node: callers get
//! a [`ModuleSummary`] of imports, bindings, calls, decorators and returns,
//! with literal values where the source states them and line numbers for
//! evidence. What those facts *mean* (which call makes a Flask app, which
//! decorator declares a route) is decided elsewhere, from data.
//!
//! Not supported, on purpose: evaluating expressions, following control
//! flow, or type inference. A value that is not a literal, a dotted name or a
//! call is [`Value::Other`].

use crate::lines::LineIndex;
use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};
use serde::Serialize;
use walker::Walker;

mod depth;
#[cfg(test)]
mod tests;
mod walker;

/// Deeper nesting than this is summarized as [`Value::Other`] / not walked:
/// real application code never comes close, hostile input must not recurse.
const MAX_VALUE_DEPTH: usize = 24;
const MAX_STMT_DEPTH: usize = 48;

/// Where a fact sits: at module level, inside `if __name__ == "__main__":`,
/// or inside a function (dotted for nesting: `create_app`, `Cls.method`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Scope {
    Module,
    MainGuard,
    Function(String),
}

/// `import a.b as c` → local `c`, module `a.b`, name `None`;
/// `from ..x import y as z` → local `z`, level 2, module `x`, name `y`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Import {
    pub scope: Scope,
    pub local: String,
    pub level: u32,
    pub module: String,
    pub name: Option<String>,
    pub line: u32,
}

/// A literal, a dotted reference, or a call, as far as the source states it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    None,
    List(Vec<Value>),
    /// A dict display with its literal entries (`{"default": {...}}`);
    /// `**spread` entries are left out.
    Dict(Vec<(Value, Value)>),
    /// `left / right`: pathlib's join (`BASE_DIR / "db.sqlite3"`).
    Div(Box<Value>, Box<Value>),
    /// A dotted name as written: `app`, `flask.Flask`, `os.environ`.
    Ref(String),
    Call(Box<Call>),
    /// `value[key]`, e.g. `os.environ["PORT"]`.
    Subscript {
        value: String,
        key: Box<Value>,
    },
    Other,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Call {
    /// Dotted callee as written (`Flask`, `app.route`). For a method called
    /// on something that is not a dotted name (`create_app().run(...)`),
    /// the method name (`run`), with that something in `receiver`; empty
    /// when the callee is neither (`factory()()`).
    pub func: String,
    /// What a method was called on, when it is not a dotted name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receiver: Option<Box<Value>>,
    pub args: Vec<Value>,
    pub kwargs: Vec<(String, Value)>,
    pub line: u32,
}

impl Call {
    pub fn kwarg(&self, name: &str) -> Option<&Value> {
        self.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// `name = value` (also annotated assignments and each target of `a = b = v`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Binding {
    pub scope: Scope,
    pub name: String,
    pub value: Value,
    /// Environment variables the value reads, however deep in it
    /// (`[h for h in os.environ.get("HOSTS", "a,b").split(",")]`).
    pub env: Vec<EnvRead>,
    pub line: u32,
}

/// `os.environ.get(NAME, default)`, `os.getenv(NAME, default)` or
/// `os.environ[NAME]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnvRead {
    pub name: String,
    pub default: Option<Value>,
}

/// A call made as a statement of its own: `app.register_blueprint(bp)`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CallSite {
    pub scope: Scope,
    pub call: Call,
}

/// `@decorator` on a `def` or `class` named `target`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecoratorSite {
    pub scope: Scope,
    pub value: Value,
    pub target: String,
    pub line: u32,
}

/// `return value` inside the function `function` (dotted).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReturnSite {
    pub function: String,
    pub value: Value,
    pub line: u32,
}

/// A `def` (dotted name) and how many parameters it requires.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunctionSite {
    pub scope: Scope,
    pub name: String,
    pub required_params: usize,
    /// `async def`: calling it returns a coroutine, not the value.
    pub is_async: bool,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SyntaxIssue {
    pub line: u32,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ModuleSummary {
    pub imports: Vec<Import>,
    pub bindings: Vec<Binding>,
    pub calls: Vec<CallSite>,
    pub decorators: Vec<DecoratorSite>,
    pub returns: Vec<ReturnSite>,
    pub functions: Vec<FunctionSite>,
    /// Syntax errors. A module with any cannot be imported by Python, so
    /// callers treat it as unusable; the first one is reported.
    pub errors: Vec<SyntaxIssue>,
    /// The line of the first chained assignment (`a = b = value`) whose
    /// further names were bound to [`Value::Other`]: copying the value for
    /// each would have exceeded the module's budget (its length in bytes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over_budget: Option<u32>,
}

/// Parse `source` and summarize it. Never panics on bad input: syntax errors,
/// and nesting too deep to parse (`depth.rs`), are returned in
/// [`ModuleSummary::errors`].
pub fn summarize(source: &str) -> ModuleSummary {
    if let Some(line) = depth::too_deep(source) {
        let message = format!("it nests more than {} levels deep", depth::MAX_NESTING);
        return ModuleSummary { errors: vec![SyntaxIssue { line, message }], ..ModuleSummary::default() };
    }
    let lines = LineIndex::new(source);
    let parsed = parse_unchecked(source, ParseOptions::from(Mode::Module));
    let mut out = ModuleSummary {
        errors: parsed
            .errors()
            .iter()
            .map(|e| SyntaxIssue {
                line: lines.line(u32::from(e.location.start()) as usize),
                message: e.error.to_string(),
            })
            .collect(),
        ..ModuleSummary::default()
    };
    if let Some(module) = parsed.syntax().as_module() {
        let mut walker = Walker { lines: &lines, out: &mut out, copy_budget: source.len() };
        walker.suite(&module.body, &Scope::Module, 0);
    }
    out
}
