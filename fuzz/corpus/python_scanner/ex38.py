from fastapi import FastAPI, HTTPException

from orders_api import __version__

app = FastAPI(title="orders-api", version=__version__)

ORDERS = {1: {"id": 1, "item": "coffee", "qty": 2}}


@app.get("/health")
def health() -> dict:
    return {"status": "ok", "version": __version__}


@app.get("/orders/{order_id}")
def get_order(order_id: int) -> dict:
    if order_id not in ORDERS:
        raise HTTPException(status_code=404, detail="order not found")
    return ORDERS[order_id]
