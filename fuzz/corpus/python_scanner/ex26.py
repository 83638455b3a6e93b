"""The ASGI application: `shop.main:api`, with routes from shop.api."""

from fastapi import FastAPI

from .api import health

api = FastAPI(title="shop")
api.include_router(health.router)

ITEMS = {1: "kettle", 2: "teapot"}


@api.get("/items/{item_id}")
async def item(item_id: int) -> dict[str, object]:
    return {"id": item_id, "name": ITEMS.get(item_id)}
