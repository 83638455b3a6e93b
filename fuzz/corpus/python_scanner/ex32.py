from dataclasses import dataclass

from litestar import Litestar, get, post


@dataclass
class Todo:
    title: str
    done: bool = False


TODOS: list[Todo] = [Todo("write fixtures")]


@get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/todos")
async def list_todos() -> list[Todo]:
    return TODOS


@post("/todos")
async def add_todo(data: Todo) -> Todo:
    TODOS.append(data)
    return data


app = Litestar(route_handlers=[healthz, list_todos, add_todo])
