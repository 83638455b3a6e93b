import os

import uvicorn


def main() -> None:
    """Console entry point: `uv-app` serves the API with uvicorn."""
    uvicorn.run(
        "uv_app.main:app",
        host=os.environ.get("HOST", "0.0.0.0"),
        port=int(os.environ.get("PORT", "8000")),
    )


if __name__ == "__main__":
    main()
