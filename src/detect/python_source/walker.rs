//! The walk over Ruff's AST that fills a [`ModuleSummary`]: statements to
//! imports, bindings, calls, decorators and returns; expressions to
//! [`Value`]s; environment reads wherever they sit. Depth-bounded.

use super::{
    Binding, Call, CallSite, DecoratorSite, EnvRead, FunctionSite, Import, MAX_STMT_DEPTH, MAX_VALUE_DEPTH,
    ModuleSummary, ReturnSite, Scope, Value,
};
use crate::lines::LineIndex;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

pub(super) struct Walker<'a> {
    pub(super) lines: &'a LineIndex,
    pub(super) out: &'a mut ModuleSummary,
    /// Value nodes that copies may still add (`a = b = value` binds one
    /// copy per name). Without it, 10,000 names bound to a list of 10,000
    /// items made 10^8 values (3 GB); the first binding is never charged.
    pub(super) copy_budget: usize,
}

impl Walker<'_> {
    fn line(&self, node: &impl Ranged) -> u32 {
        self.lines.line(u32::from(node.start()) as usize)
    }

    pub(super) fn suite(&mut self, body: &[Stmt], scope: &Scope, depth: usize) {
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
                let cost = size(&value) + env.len();
                for (index, target) in node.targets.iter().enumerate() {
                    let Some(name) = dotted(target) else { continue };
                    let (value, env) = if index == 0 || cost <= self.copy_budget {
                        self.copy_budget = self.copy_budget.saturating_sub(if index == 0 { 0 } else { cost });
                        (value.clone(), env.clone())
                    } else {
                        self.out.over_budget.get_or_insert(self.line(node));
                        (Value::Other, Vec::new())
                    };
                    self.out.bindings.push(Binding {
                        scope: scope.clone(),
                        name,
                        value,
                        env,
                        line: self.line(node),
                    });
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
            is_async: node.is_async,
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
            Expr::Dict(d) => Value::Dict(
                d.items
                    .iter()
                    .filter_map(|item| {
                        let key = item.key.as_ref()?;
                        Some((self.value(key, depth + 1), self.value(&item.value, depth + 1)))
                    })
                    .collect(),
            ),
            Expr::BinOp(op) if op.op == ast::Operator::Div => Value::Div(
                Box::new(self.value(&op.left, depth + 1)),
                Box::new(self.value(&op.right, depth + 1)),
            ),
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
                // A name no environment can hold (`"K; id"`) is no read.
                if let (true, Some(Expr::StringLiteral(name))) = (is_get, call.arguments.args.first())
                    && crate::sinks::ident::is_env_name(name.value.to_str())
                {
                    let default = call.arguments.args.get(1).map(|d| self.walker.value(d, 0));
                    self.found.push(EnvRead { name: name.value.to_str().to_string(), default });
                }
            }
            Expr::Subscript(sub) => {
                let is_environ =
                    dotted(&sub.value).is_some_and(|v| v == "environ" || v.ends_with(".environ"));
                if let (true, Expr::StringLiteral(name)) = (is_environ, sub.slice.as_ref())
                    && crate::sinks::ident::is_env_name(name.value.to_str())
                {
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

/// How many nodes a value holds (what a copy of it costs).
fn size(value: &Value) -> usize {
    1 + match value {
        Value::List(items) => items.iter().map(size).sum(),
        Value::Dict(entries) => entries.iter().map(|(k, v)| size(k) + size(v)).sum(),
        Value::Div(left, right) => size(left) + size(right),
        Value::Call(call) => {
            call.receiver.as_deref().map_or(0, size)
                + call.args.iter().map(size).sum::<usize>()
                + call.kwargs.iter().map(|(_, v)| size(v)).sum::<usize>()
        }
        Value::Subscript { key, .. } => size(key),
        Value::Str(s) => s.len() / 64,
        _ => 0,
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
