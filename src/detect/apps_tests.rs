use super::*;
use crate::detect::python_source::summarize;

fn modules(files: &[(&str, &str, &str)]) -> Vec<SourceModule> {
    files
        .iter()
        .map(|(path, module, source)| SourceModule {
            path: path.to_string(),
            root: String::new(),
            module: module.to_string(),
            summary: summarize(source),
        })
        .collect()
}

fn specs(apps: &[AppCandidate]) -> Vec<String> {
    apps.iter().map(|a| a.target.spec()).collect()
}

fn paths(app: &AppCandidate) -> Vec<&str> {
    app.routes.iter().map(|r| r.path.as_str()).collect()
}

#[test]
fn flask_object_under_any_name_with_its_routes() {
    let apps = find(&modules(&[(
        "server.py",
        "server",
        "from flask import Flask\n\napplication = Flask(__name__)\n\n@application.route('/')\ndef index():\n    return 'hi'\n\n@application.get('/healthz')\ndef health():\n    return 'ok'\n",
    )]));
    assert_eq!(specs(&apps), vec!["server:application"]);
    assert_eq!(apps[0].framework, "Flask");
    assert_eq!(apps[0].interface, Interface::Wsgi);
    assert_eq!(apps[0].target.location, Location::at("server.py", 3));
    assert_eq!(paths(&apps[0]), vec!["/", "/healthz"]);
}

#[test]
fn aliases_and_module_imports_resolve() {
    let apps = find(&modules(&[
        ("a.py", "a", "from flask import Flask as F\nweb = F('a')\n"),
        ("b.py", "b", "import fastapi as fa\napi = fa.FastAPI()\n"),
        ("c.py", "c", "import flask\nsite = flask.Flask('c')\n"),
        ("d.py", "d", "from mylib import Flask\nnot_flask = Flask()\n"),
    ]));
    let mut got = specs(&apps);
    got.sort();
    assert_eq!(got, vec!["a:web", "b:api", "c:site"]);
}

#[test]
fn factory_and_the_wsgi_module_that_calls_it_are_one_app() {
    let apps = find(&modules(&[
        (
            "myapp/__init__.py",
            "myapp",
            "from flask import Flask\nfrom .views import bp\n\ndef create_app(config=None):\n    app = Flask(__name__)\n    app.register_blueprint(bp, url_prefix='/api')\n\n    @app.route('/healthz')\n    def health():\n        return 'ok'\n\n    return app\n",
        ),
        (
            "myapp/views.py",
            "myapp.views",
            "from flask import Blueprint\nbp = Blueprint('views', __name__, url_prefix='/ignored')\n\n@bp.route('/items', methods=['POST'])\ndef items():\n    pass\n\n@bp.route('/ping')\ndef ping():\n    pass\n",
        ),
        ("wsgi.py", "wsgi", "from myapp import create_app\n\napp = create_app()\n"),
    ]));
    assert_eq!(specs(&apps), vec!["wsgi:app"]);
    assert_eq!(apps[0].also.iter().map(Target::spec).collect::<Vec<_>>(), vec!["myapp:create_app()"]);
    let routes: Vec<_> = apps[0].routes.iter().map(|r| (r.path.as_str(), r.answers_get)).collect();
    assert_eq!(routes, vec![("/healthz", true), ("/api/items", false), ("/api/ping", true)]);
}

#[test]
fn factories_that_need_arguments_are_not_targets() {
    let apps = find(&modules(&[(
        "app.py",
        "app",
        "from flask import Flask\ndef make(config):\n    app = Flask(__name__)\n    return app\n",
    )]));
    assert!(apps.is_empty());
}

#[test]
fn fastapi_routers_concatenate_prefixes() {
    let apps = find(&modules(&[
        (
            "svc/main.py",
            "svc.main",
            "from fastapi import FastAPI\nfrom svc.routes import health\n\napp = FastAPI()\napp.include_router(health.router, prefix='/v1')\n",
        ),
        (
            "svc/routes/health.py",
            "svc.routes.health",
            "from fastapi import APIRouter\nrouter = APIRouter(prefix='/ops')\n\n@router.get('/healthz')\nasync def healthz():\n    return {}\n",
        ),
    ]));
    assert_eq!(specs(&apps), vec!["svc.main:app"]);
    assert_eq!(paths(&apps[0]), vec!["/v1/ops/healthz"]);
}

#[test]
fn ranking_prefers_routes_then_entry_modules_then_depth() {
    let apps = find(&modules(&[
        ("tools/admin.py", "tools.admin", "from flask import Flask\nadmin = Flask('admin')\n"),
        ("app.py", "app", "from flask import Flask\napp = Flask('x')\n@app.route('/')\ndef i(): pass\n"),
        (
            "deep/pkg/app.py",
            "deep.pkg.app",
            "from flask import Flask\napp = Flask('y')\n@app.route('/')\ndef i(): pass\n",
        ),
    ]));
    assert_eq!(specs(&apps), vec!["app:app", "deep.pkg.app:app", "tools.admin:admin"]);
}

#[test]
fn mounted_sub_apps_rank_last() {
    let apps = find(&modules(&[(
        "api.py",
        "api",
        "from fastapi import FastAPI\nsub = FastAPI()\n@sub.get('/x')\ndef x(): pass\napp = FastAPI()\napp.mount('/sub', sub)\n",
    )]));
    assert_eq!(specs(&apps), vec!["api:app", "api:sub"]);
    assert!(apps[1].mounted);
}

#[test]
fn relative_imports_resolve_against_the_package() {
    let apps = find(&modules(&[
        (
            "pkg/core/factory.py",
            "pkg.core.factory",
            "import flask\n\ndef create():\n    return_me = flask.Flask(__name__)\n    return return_me\n",
        ),
        ("pkg/core/wsgi.py", "pkg.core.wsgi", "from .factory import create\napplication = create()\n"),
        ("pkg/other.py", "pkg.other", "from .core.factory import create\n"),
    ]));
    assert_eq!(specs(&apps), vec!["pkg.core.wsgi:application"]);
}
