"""An aiohttp service built by a coroutine factory, as aiohttp's own demos do."""

from aiohttp import web


async def index(request: web.Request) -> web.Response:
    return web.json_response({"app": "aiohttp-factory"})


async def healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def init_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/", index)
    app.router.add_get("/healthz", healthz)
    return app
