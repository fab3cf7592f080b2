"""Render the view-model into one self-contained HTML file, and write it atomically.

Safety comes from three layers: jinja2 autoescaping of every value (nothing
article-derived is ever marked safe), links only for http(s) addresses, and a
Content-Security-Policy that allows no network at all and runs only the
report's own inline script and stylesheet (by their SHA-256 hashes), so even a
markup bug could not make injected script run.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from storyline.report.graph import NODE_H, NODE_W, RELATIONS
from storyline.report.view import Report

_TEMPLATES = files("storyline.report") / "templates"


def _asset(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"
    )


def csp(style: str, script: str) -> str:
    """The page's policy: nothing from anywhere but its own hashed inline style and script."""
    return (
        "default-src 'none'; "
        f"style-src {_hash(style)}; script-src {_hash(script)}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; "
        "frame-src 'none'; base-uri 'none'; form-action 'none'"
    )


@cache
def environment() -> Environment:
    """One environment per process: the template is compiled once."""
    env = Environment(
        loader=FileSystemLoader(str(_TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: f"{float(v):.2f}%"
    env.globals.update(zip=zip, relations=RELATIONS, node_w=NODE_W, node_h=NODE_H)
    return env


def render(report: Report, version: str = "", generated_at: str | None = None) -> str:
    """The report page as one string."""
    style, script = _asset("report.css"), _asset("report.js")
    generated = generated_at or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        environment()
        .get_template("report.html")
        .render(
            r=report,
            version=version,
            generated=generated,
            csp=csp(style, script),
            style=Markup(style),  # our own packaged file, never article text
            script=Markup(script),
        )
    )


def write_atomic(path: Path, html: str) -> Path:
    """Write via a temp file in the same folder and a rename, so a crash never leaves half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0o022)  # read the umask (mkstemp makes the file 0600; a report is for reading)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
