from flask import Blueprint

bp = Blueprint("blog", __name__)

POSTS = ["Hello", "Containers"]


@bp.route("/")
def index():
    return {"posts": POSTS}


@bp.route("/posts", methods=["POST"])
def create():
    return {"error": "read-only"}, 405


@bp.route("/ping")
def ping():
    return "pong"
