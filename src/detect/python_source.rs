//! Python source → a small, owned summary of what a module says.
//!
//! This is the only module that touches Ruff's parser (`ruff_python_parser`,
//! `ruff_python_ast`, `ruff_text_size`, pinned together at `=0.0.10`). Their
//! API is unstable, so nothing outside this file sees an AST node: callers get
//! a [`ModuleSummary`] of imports, bindings, calls, decorators and returns,
//! with literal values where the source states them and line numbers for
//! evidence. What those facts *mean* (which call makes a Flask app, which
//! decorator declares a route) is decided elsewhere, from data.
//!
//! Not supported, on purpose: evaluating expressions, following control
//! flow, or type inference. A value that is not a literal, a dotted name or a
//! call is [`Value::Other`].

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};
use ruff_text_size::{Ranged, TextSize};
use serde::Serialize;

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
}

/// Parse `source` and summarize it. Never panics on bad input: syntax errors
/// are returned in [`ModuleSummary::errors`].
pub fn summarize(source: &str) -> ModuleSummary {
    let lines = LineIndex::new(source);
    let parsed = parse_unchecked(source, ParseOptions::from(Mode::Module));
    let mut out = ModuleSummary {
        errors: parsed
            .errors()
            .iter()
            .map(|e| SyntaxIssue { line: lines.line(e.location.start()), message: e.error.to_string() })
            .collect(),
        ..ModuleSummary::default()
    };
    if let Some(module) = parsed.syntax().as_module() {
        let mut walker = Walker { lines: &lines, out: &mut out };
        walker.suite(&module.body, &Scope::Module, 0);
    }
    out
}

/// Byte offset → 1-based line number.
struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(source.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i as u32 + 1));
        Self { starts }
    }

    fn line(&self, offset: TextSize) -> u32 {
        let offset = u32::from(offset);
        self.starts.partition_point(|start| *start <= offset) as u32
    }
}

struct Walker<'a> {
    lines: &'a LineIndex,
    out: &'a mut ModuleSummary,
}

impl Walker<'_> {
    fn line(&self, node: &impl Ranged) -> u32 {
        self.lines.line(node.start())
    }

    fn suite(&mut self, body: &[Stmt], scope: &Scope, depth: usize) {
        if depth > MAX_STMT_DEPTH {
            return;
        }
        for stmt in body {
            self.stmt(stmt, scope, depth + 1);
        }
    }

    fn stmt(&mut self, stmt: &Stmt, scope: &Scope, depth: usize) {
        match stmt {
            Stmt::Import(node) => {
                for alias in &node.names {
                    let module = alias.name.id.to_string();
                    // `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
                    let (local, module) = match &alias.asname {
                        Some(asname) => (asname.id.to_string(), module),
                        None => {
                            let top = module.split('.').next().unwrap_or_default().to_string();
                            (top.clone(), top)
                        }
                    };
                    self.out.imports.push(Import {
                        scope: scope.clone(),
                        local,
                        level: 0,
                        module,
                        name: None,
                        line: self.line(node),
                    });
                }
            }
            Stmt::ImportFrom(node) => {
                let module = node.module.as_ref().map(|m| m.id.to_string()).unwrap_or_default();
                for alias in &node.names {
                    let name = alias.name.id.to_string();
                    let local = alias.asname.as_ref().map_or(name.clone(), |a| a.id.to_string());
                    self.out.imports.push(Import {
                        scope: scope.clone(),
                        local,
                        level: node.level,
                        module: module.clone(),
                        name: Some(name),
                        line: self.line(node),
                    });
                }
            }
            Stmt::Assign(node) => {
                let value = self.value(&node.value, 0);
                let env = self.env_reads(&node.value);
                for target in &node.targets {
                    if let Some(name) = dotted(target) {
                        self.out.bindings.push(Binding {
                            scope: scope.clone(),
                            name,
                            value: value.clone(),
                            env: env.clone(),
                            line: self.line(node),
                        });
                    }
                }
            }
            Stmt::AnnAssign(node) => {
                if let (Some(name), Some(expr)) = (dotted(&node.target), &node.value) {
                    let value = self.value(expr, 0);
                    let env = self.env_reads(expr);
                    self.out.bindings.push(Binding {
                        scope: scope.clone(),
                        name,
                        value,
                        env,
                        line: self.line(node),
                    });
                }
            }
            Stmt::Expr(node) => {
                if let Expr::Call(call) = node.value.as_ref() {
                    let call = self.call(call, 0);
                    self.out.calls.push(CallSite { scope: scope.clone(), call });
                }
            }
            Stmt::Return(node) => {
                if let (Scope::Function(function), Some(value)) = (scope, &node.value) {
                    let value = self.value(value, 0);
                    self.out.returns.push(ReturnSite {
                        function: function.clone(),
                        value,
                        line: self.line(node),
                    });
                }
            }
            Stmt::FunctionDef(node) => self.function(node, scope, depth),
            Stmt::ClassDef(node) => {
                self.decorators(&node.decorator_list, node.name.id.as_str(), scope);
                let inner = Scope::Function(qualify(scope, node.name.id.as_str()));
                self.suite(&node.body, &inner, depth);
            }
            Stmt::If(node) => {
                let inner = if *scope == Scope::Module && is_main_guard(&node.test) {
                    Scope::MainGuard
                } else {
                    scope.clone()
                };
                self.suite(&node.body, &inner, depth);
                for clause in &node.elif_else_clauses {
                    self.suite(&clause.body, scope, depth);
                }
            }
            Stmt::Try(node) => {
                self.suite(&node.body, scope, depth);
                for handler in &node.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    self.suite(&handler.body, scope, depth);
                }
                self.suite(&node.orelse, scope, depth);
                self.suite(&node.finalbody, scope, depth);
            }
            Stmt::With(node) => self.suite(&node.body, scope, depth),
            Stmt::For(node) => {
                self.suite(&node.body, scope, depth);
                self.suite(&node.orelse, scope, depth);
            }
            Stmt::While(node) => {
                self.suite(&node.body, scope, depth);
                self.suite(&node.orelse, scope, depth);
            }
            Stmt::Match(node) => {
                for case in &node.cases {
                    self.suite(&case.body, scope, depth);
                }
            }
            _ => {}
        }
    }

    fn function(&mut self, node: &ast::StmtFunctionDef, scope: &Scope, depth: usize) {
        let name = node.name.id.as_str();
        self.decorators(&node.decorator_list, name, scope);
        let params = &node.parameters;
        let required_params = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .chain(&params.kwonlyargs)
            .filter(|p| p.default.is_none())
            .count();
        let qualified = qualify(scope, name);
        self.out.functions.push(FunctionSite {
            scope: scope.clone(),
            name: qualified.clone(),
            required_params,
            line: self.line(node),
        });
        self.suite(&node.body, &Scope::Function(qualified), depth);
    }

    fn decorators(&mut self, list: &[ast::Decorator], target: &str, scope: &Scope) {
        for decorator in list {
            let value = self.value(&decorator.expression, 0);
            self.out.decorators.push(DecoratorSite {
                scope: scope.clone(),
                value,
                target: target.to_string(),
                line: self.line(decorator),
            });
        }
    }

    fn call(&self, call: &ast::ExprCall, depth: usize) -> Call {
        let (func, receiver) = match (dotted(&call.func), call.func.as_ref()) {
            (Some(func), _) => (func, None),
            (None, Expr::Attribute(attr)) => {
                (attr.attr.id.to_string(), Some(Box::new(self.value(&attr.value, depth + 1))))
            }
            (None, _) => (String::new(), None),
        };
        Call {
            func,
            receiver,
            args: call.arguments.args.iter().map(|a| self.value(a, depth + 1)).collect(),
            kwargs: call
                .arguments
                .keywords
                .iter()
                .filter_map(|k| {
                    let name = k.arg.as_ref()?.id.to_string();
                    Some((name, self.value(&k.value, depth + 1)))
                })
                .collect(),
            line: self.line(call),
        }
    }

    fn value(&self, expr: &Expr, depth: usize) -> Value {
        if depth > MAX_VALUE_DEPTH {
            return Value::Other;
        }
        match expr {
            Expr::StringLiteral(s) => Value::Str(s.value.to_str().to_string()),
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => i.as_i64().map_or(Value::Other, Value::Int),
                _ => Value::Other,
            },
            Expr::BooleanLiteral(b) => Value::Bool(b.value),
            Expr::NoneLiteral(_) => Value::None,
            Expr::List(l) => Value::List(l.elts.iter().map(|e| self.value(e, depth + 1)).collect()),
            Expr::Tuple(t) => Value::List(t.elts.iter().map(|e| self.value(e, depth + 1)).collect()),
            Expr::Name(_) | Expr::Attribute(_) => dotted(expr).map_or(Value::Other, Value::Ref),
            Expr::Call(call) => Value::Call(Box::new(self.call(call, depth))),
            Expr::Subscript(sub) => match dotted(&sub.value) {
                Some(value) => Value::Subscript { value, key: Box::new(self.value(&sub.slice, depth + 1)) },
                None => Value::Other,
            },
            _ => Value::Other,
        }
    }
}

impl Walker<'_> {
    /// Every environment read inside `expr`.
    fn env_reads(&self, expr: &Expr) -> Vec<EnvRead> {
        let mut finder = EnvFinder { walker: self, found: Vec::new(), depth: 0 };
        ruff_python_ast::visitor::Visitor::visit_expr(&mut finder, expr);
        finder.found
    }
}

struct EnvFinder<'w, 'a> {
    walker: &'w Walker<'a>,
    found: Vec<EnvRead>,
    depth: usize,
}

impl<'e> ruff_python_ast::visitor::Visitor<'e> for EnvFinder<'_, '_> {
    fn visit_expr(&mut self, expr: &'e Expr) {
        if self.depth > MAX_VALUE_DEPTH * 4 {
            return;
        }
        match expr {
            Expr::Call(call) => {
                let func = dotted(&call.func).unwrap_or_default();
                let is_get = func == "getenv" || func.ends_with(".getenv") || func.ends_with("environ.get");
                if let (true, Some(Expr::StringLiteral(name))) = (is_get, call.arguments.args.first()) {
                    let default = call.arguments.args.get(1).map(|d| self.walker.value(d, 0));
                    self.found.push(EnvRead { name: name.value.to_str().to_string(), default });
                }
            }
            Expr::Subscript(sub) => {
                let is_environ =
                    dotted(&sub.value).is_some_and(|v| v == "environ" || v.ends_with(".environ"));
                if let (true, Expr::StringLiteral(name)) = (is_environ, sub.slice.as_ref()) {
                    self.found.push(EnvRead { name: name.value.to_str().to_string(), default: None });
                }
            }
            _ => {}
        }
        self.depth += 1;
        ruff_python_ast::visitor::walk_expr(self, expr);
        self.depth -= 1;
    }
}

/// `a.b.c` for a chain of names and attributes; `None` for anything else.
/// Iterative, so a hostile `a.a.a....` chain cannot exhaust the stack.
fn dotted(expr: &Expr) -> Option<String> {
    let mut parts = Vec::new();
    let mut current = expr;
    loop {
        match current {
            Expr::Name(name) => {
                parts.push(name.id.as_str());
                break;
            }
            Expr::Attribute(attr) => {
                parts.push(attr.attr.id.as_str());
                current = &attr.value;
            }
            _ => return None,
        }
    }
    parts.reverse();
    Some(parts.join("."))
}

fn qualify(scope: &Scope, name: &str) -> String {
    match scope {
        Scope::Function(outer) => format!("{outer}.{name}"),
        Scope::Module | Scope::MainGuard => name.to_string(),
    }
}

/// `__name__ == "__main__"` (either order).
fn is_main_guard(test: &Expr) -> bool {
    let Expr::Compare(cmp) = test else { return false };
    if cmp.ops.len() != 1 || !matches!(cmp.ops[0], ast::CmpOp::Eq) {
        return false;
    }
    let sides = [&*cmp.left, &cmp.comparators[0]];
    let is_name = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == "__name__");
    let is_main = |e: &Expr| matches!(e, Expr::StringLiteral(s) if s.value.to_str() == "__main__");
    (is_name(sides[0]) && is_main(sides[1])) || (is_main(sides[0]) && is_name(sides[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_bind_local_names() {
        let s = summarize(
            "import flask\nimport a.b as c\nfrom fastapi import FastAPI as F\nfrom . import views\n",
        );
        let locals: Vec<_> = s
            .imports
            .iter()
            .map(|i| (i.local.as_str(), i.module.as_str(), i.name.as_deref(), i.level))
            .collect();
        assert_eq!(
            locals,
            vec![
                ("flask", "flask", None, 0),
                ("c", "a.b", None, 0),
                ("F", "fastapi", Some("FastAPI"), 0),
                ("views", "", Some("views"), 1),
            ]
        );
    }

    #[test]
    fn bindings_keep_calls_with_literal_arguments() {
        let s = summarize("from flask import Flask\n\napplication = Flask(__name__, static_folder='s')\n");
        let b = &s.bindings[0];
        assert_eq!((b.name.as_str(), b.line, &b.scope), ("application", 3, &Scope::Module));
        let Value::Call(call) = &b.value else { panic!("{:?}", b.value) };
        assert_eq!(call.func, "Flask");
        assert_eq!(call.args, vec![Value::Ref("__name__".into())]);
        assert_eq!(call.kwarg("static_folder"), Some(&Value::Str("s".into())));
    }

    #[test]
    fn factories_routes_and_main_guard_are_scoped() {
        let src = "\
def create_app(config=None):
    app = Flask(__name__)

    @app.route('/healthz')
    def health():
        return 'ok'

    return app

if __name__ == '__main__':
    create_app().run(port=5000)
";
        let s = summarize(src);
        assert_eq!(s.functions[0].name, "create_app");
        assert_eq!(s.functions[0].required_params, 0);
        assert_eq!(s.bindings[0].scope, Scope::Function("create_app".into()));
        let d = &s.decorators[0];
        assert_eq!((d.target.as_str(), d.line), ("health", 4));
        let Value::Call(route) = &d.value else { panic!() };
        assert_eq!((route.func.as_str(), &route.args[0]), ("app.route", &Value::Str("/healthz".into())));
        let ret = s.returns.iter().find(|r| r.function == "create_app").unwrap();
        assert_eq!((&ret.value, ret.line), (&Value::Ref("app".into()), 8));
        assert_eq!(s.calls[0].scope, Scope::MainGuard);
        assert_eq!(s.calls[0].call.func, "run");
    }

    #[test]
    fn python_312_syntax_parses() {
        let s = summarize("names = ['a']\nmsg = f\"{\", \".join(names)}\"\ntype Alias = int\n");
        assert!(s.errors.is_empty(), "{:?}", s.errors);
    }

    #[test]
    fn python_2_reports_the_line() {
        let s = summarize("import os\n\nprint \"hello\"\n");
        assert_eq!(s.errors[0].line, 3, "{:?}", s.errors);
    }

    #[test]
    fn subscripts_and_environment_lookups() {
        let s = summarize("import os\nport = int(os.environ.get('PORT', '9000'))\nkey = os.environ['KEY']\n");
        let Value::Call(int) = &s.bindings[0].value else { panic!() };
        let Value::Call(get) = &int.args[0] else { panic!() };
        assert_eq!(get.func, "os.environ.get");
        assert_eq!(get.args[1], Value::Str("9000".into()));
        assert!(matches!(&s.bindings[1].value, Value::Subscript { value, .. } if value == "os.environ"));
    }

    #[test]
    fn environment_reads_anywhere_in_a_value() {
        let s = summarize(
            "import os\nHOSTS = [h.strip() for h in os.environ.get('ALLOWED', 'a,b').split(',') if h]\nKEY = os.environ['K']\n",
        );
        assert_eq!(
            s.bindings[0].env,
            vec![EnvRead { name: "ALLOWED".into(), default: Some(Value::Str("a,b".into())) }]
        );
        assert_eq!(s.bindings[1].env, vec![EnvRead { name: "K".into(), default: None }]);
    }

    #[test]
    fn methods_on_calls_keep_their_receiver() {
        let s = summarize("create_app().run(port=5000)\n");
        let call = &s.calls[0].call;
        assert_eq!(call.func, "run");
        assert!(matches!(call.receiver.as_deref(), Some(Value::Call(c)) if c.func == "create_app"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let src = format!("x = {}1{}\n", "[".repeat(200), "]".repeat(200));
        let s = summarize(&src);
        assert_eq!(s.bindings.len(), 1);
    }
}
