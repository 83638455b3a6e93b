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

fn one(source: &str) -> AppCandidate {
    let apps = find(&modules(&[("app.py", "app", source)]));
    assert_eq!(apps.len(), 1, "{apps:?}");
    apps.into_iter().next().unwrap()
}

#[test]
fn starlette_route_objects_and_methods() {
    let app = one("from starlette.applications import Starlette\nfrom starlette.routing import Route\n\
         app = Starlette(routes=[Route('/', home), Route('/health', health), Route('/echo', echo, methods=['POST'])])\n");
    let routes: Vec<_> = app.routes.iter().map(|r| (r.path.as_str(), r.answers_get)).collect();
    assert_eq!(routes, vec![("/", true), ("/echo", false), ("/health", true)]);
    assert_eq!((app.framework.as_str(), app.interface), ("Starlette", Interface::Asgi));
}

#[test]
fn litestar_route_functions() {
    let app = one(
        "from litestar import Litestar, get\n@get('/healthz')\nasync def h() -> str:\n    return 'ok'\napp = Litestar(route_handlers=[h])\n",
    );
    assert_eq!(paths(&app), vec!["/healthz"]);
}

#[test]
fn aiohttp_route_tables_and_run_app_port() {
    let app = one(
        "import os\nfrom aiohttp import web\nroutes = web.RouteTableDef()\n@routes.get('/ping')\nasync def ping(r):\n    pass\n\
         app = web.Application()\napp.add_routes(routes)\napp.router.add_get('/status', ping)\n\
         if __name__ == '__main__':\n    web.run_app(app, port=int(os.environ.get('PORT', '8081')))\n",
    );
    assert_eq!(app.interface, Interface::Aiohttp);
    assert_eq!(paths(&app), vec!["/ping", "/status"]);
    let port = app.run.unwrap().port.unwrap();
    assert_eq!((port.port, port.env.as_deref()), (Some(8081), Some("PORT")));
}

#[test]
fn dash_is_served_through_its_server_attribute() {
    let app = one(
        "from dash import Dash\napp = Dash(__name__)\nserver = app.server\n@server.route('/health')\ndef h():\n    return 'ok'\n",
    );
    assert_eq!(app.target.spec(), "app:server");
    assert_eq!(paths(&app), vec!["/health"]);
}

#[test]
fn pyramid_builders_bottle_falcon_quart_sanic() {
    let pyramid = one(
        "from pyramid.config import Configurator\nconfig = Configurator()\napp = config.make_wsgi_app()\n",
    );
    assert_eq!((pyramid.framework.as_str(), pyramid.target.spec().as_str()), ("Pyramid", "app:app"));
    let bottle = one("import bottle\napp = bottle.Bottle()\n@app.get('/health')\ndef h(): pass\n");
    assert_eq!((bottle.interface, paths(&bottle)), (Interface::Wsgi, vec!["/health"]));
    let falcon = one("import falcon.asgi\napp = falcon.asgi.App()\napp.add_route('/health', Health())\n");
    assert_eq!((falcon.interface, paths(&falcon)), (Interface::Asgi, vec!["/health"]));
    let quart =
        one("from quart import Quart\napp = Quart(__name__)\n@app.route('/ping')\nasync def p(): pass\n");
    assert_eq!((quart.interface, paths(&quart)), (Interface::Asgi, vec!["/ping"]));
    let sanic =
        one("from sanic import Sanic\napp = Sanic('svc')\n@app.get('/healthz')\nasync def h(r): pass\n");
    assert_eq!((sanic.interface, paths(&sanic)), (Interface::Asgi, vec!["/healthz"]));
}

#[test]
fn celery_and_tornado_apps() {
    let celery = one("from celery import Celery\ncelery_app = Celery('tasks', broker='redis://r')\n");
    assert_eq!((celery.interface, celery.target.spec().as_str()), (Interface::Celery, "app:celery_app"));
    let tornado = one("import tornado.web, tornado.ioloop\napp = tornado.web.Application([])\n\
         if __name__ == '__main__':\n    app.listen(8888)\n    tornado.ioloop.IOLoop.current().start()\n");
    assert_eq!(tornado.interface, Interface::Tornado);
    assert_eq!(tornado.run.unwrap().port.unwrap().port, Some(8888));
}

#[test]
fn development_server_calls_state_ports_and_hosts() {
    let flask = one(
        "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run('127.0.0.1', 5001)\n",
    );
    let run = flask.run.unwrap();
    assert_eq!((run.port.unwrap().port, run.host.as_deref()), (Some(5001), Some("127.0.0.1")));
    let fastapi = one(
        "import os, uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\nPORT = int(os.getenv('APP_PORT', 9000))\n\
         if __name__ == '__main__':\n    uvicorn.run('app:app', host='0.0.0.0', port=PORT)\n",
    );
    let port = fastapi.run.unwrap().port.unwrap();
    assert_eq!((port.port, port.env.as_deref(), port.location.line), (Some(9000), Some("APP_PORT"), Some(4)));
    let factory = one(
        "from flask import Flask\ndef create_app():\n    app = Flask(__name__)\n    return app\nif __name__ == '__main__':\n    create_app().run(port=5002)\n",
    );
    assert_eq!(factory.run.unwrap().port.unwrap().port, Some(5002));
}

#[test]
fn routes_behind_authentication_are_marked() {
    let app = one(
        "from flask import Flask\nfrom flask_login import login_required\nfrom fastapi import Depends\napp = Flask(__name__)\n\
         @app.route('/health')\n@login_required\ndef h(): pass\n@app.get('/ping', dependencies=[Depends(auth)])\ndef p(): pass\n\
         @app.get('/status')\ndef s(): pass\n",
    );
    let protected: Vec<_> = app.routes.iter().map(|r| (r.path.as_str(), r.protected)).collect();
    assert_eq!(protected, vec![("/health", true), ("/ping", true), ("/status", false)]);
}

#[test]
fn equally_ranked_apps_tie() {
    let apps = find(&modules(&[
        (
            "billing.py",
            "billing",
            "from flask import Flask\nbilling = Flask('b')\n@billing.get('/x')\ndef x(): pass\n",
        ),
        (
            "shipping.py",
            "shipping",
            "from flask import Flask\nshipping = Flask('s')\n@shipping.get('/y')\ndef y(): pass\n",
        ),
    ]));
    assert!(apps[0].ties_with(&apps[1]));
    let apps = find(&modules(&[
        ("app.py", "app", "from flask import Flask\napp = Flask('a')\n@app.get('/x')\ndef x(): pass\n"),
        (
            "shipping.py",
            "shipping",
            "from flask import Flask\nshipping = Flask('s')\n@shipping.get('/y')\ndef y(): pass\n",
        ),
    ]));
    assert!(!apps[0].ties_with(&apps[1]));
}
