import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route


async def homepage(request: Request) -> JSONResponse:
    return JSONResponse({"app": "starlette-app"})


async def health(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"you_sent": await request.json()})


app = Starlette(
    debug=os.environ.get("DEBUG") == "1",
    routes=[
        Route("/", homepage),
        Route("/health", health),
        Route("/echo", echo, methods=["POST"]),
    ],
)
