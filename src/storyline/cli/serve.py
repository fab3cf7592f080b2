"""``storyline serve``: the web UI and JSON API over a store, with uvicorn.

On a loopback host (127.0.0.1, ::1, localhost) reading is open and only
writes need the token. On any other host every request needs
STORYLINE_TOKEN (as ``Authorization: Bearer``, or once as ``?token=`` in a
browser, kept in a cookie), and the server refuses to start without it.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from storyline.config import load_config


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str | None, host: str = "127.0.0.1", port: int = 8000, config: Path | str | None = None) -> None:
    """Serve the store ``db`` (default: the config's) until interrupted."""
    import uvicorn

    from storyline.api import create_app
    from storyline.errors import ConfigError

    cfg = load_config(config, db=db)
    if not Path(cfg.db).is_file():
        raise ConfigError(f"{cfg.db}: no such store; run `storyline analyze ... --db {cfg.db}` first")
    token = os.environ.get("STORYLINE_TOKEN") or None
    app = create_app(cfg.db, token=token, config=cfg, require_read_token=not is_loopback(host))
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
