import os

from dash import Dash, Input, Output, dcc, html

app = Dash(__name__, title="Dash fixture")
server = app.server  # the Flask instance that gunicorn serves: `gunicorn app:server`

app.layout = html.Div(
    [
        html.H1("Dash fixture"),
        dcc.Input(id="name", value="world", type="text"),
        html.P(id="greeting"),
    ]
)


@app.callback(Output("greeting", "children"), Input("name", "value"))
def greet(name: str) -> str:
    return f"Hello, {name}!"


@server.route("/health")
def health():
    return {"status": "ok"}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8050")), debug=False)
