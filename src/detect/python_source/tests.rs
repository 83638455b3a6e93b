use super::*;

#[test]
fn imports_bind_local_names() {
    let s =
        summarize("import flask\nimport a.b as c\nfrom fastapi import FastAPI as F\nfrom . import views\n");
    let locals: Vec<_> =
        s.imports.iter().map(|i| (i.local.as_str(), i.module.as_str(), i.name.as_deref(), i.level)).collect();
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
