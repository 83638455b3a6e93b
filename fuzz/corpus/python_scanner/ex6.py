from fastapi import FastAPI

app = FastAPI(title="decoy-app")

PRICES = {"apple": 0.5, "pear": 0.75}


@app.get("/status")
def status() -> dict:
    return {"status": "ok"}


@app.get("/prices/{item}")
def price(item: str) -> dict:
    return {"item": item, "price": PRICES.get(item)}
