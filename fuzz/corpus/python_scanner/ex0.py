import os
import platform

from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/")
async def index(request: web.Request) -> web.Response:
    return web.json_response({"app": "aiohttp-app"})


@routes.get("/ping")
async def ping(request: web.Request) -> web.Response:
    return web.json_response({"pong": True, "python": platform.python_version()})


app = web.Application()
app.add_routes(routes)


if __name__ == "__main__":
    web.run_app(app, port=int(os.environ.get("PORT", "8081")))
