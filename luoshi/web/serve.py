"""Run the web app with uvicorn: open the database first (so a bad URL is one
line, not a traceback), check the port is free, say where to look."""
from __future__ import annotations

import socket

from ..errors import LuoshiError


def _check_port(host: str, port: int) -> None:
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as err:
        raise LuoshiError(f"cannot listen on {host}:{port}: {err.strerror or err}; choose another --port") from None


def serve(host: str, port: int, db: str | None, announce=print) -> None:
    import uvicorn

    from .app import create_app
    app = create_app(db)
    _check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    announce(f"luoshi: serving {app.state.store.engine.url.render_as_string()} at http://{shown}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")
