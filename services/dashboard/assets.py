"""The dashboard's static files: its scripts and style sheet, and plotly.js's basic bundle
(bar and scatter charts; `static/plotly-basic.min.js`, plotly.js-basic-dist-min 4.1.1, MIT,
the same plotly.js release plotly.py ships). Each is served under a name holding a hash of its
content, gzipped for the browsers that take it and cached for a year: a new release changes the
name, so nobody runs an old script. The plain names still answer (not cached), for a page an
older release rendered."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from fastapi import HTTPException, Request
from fastapi.responses import Response

from services.dashboard.client import DASHBOARD_CSS, DASHBOARD_JS, LOGIN_JS

JS, CSS = "text/javascript", "text/css"
YEAR = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    name: str  # e.g. "dashboard.js"
    body: bytes
    media_type: str

    @property
    def hashed(self) -> str:
        stem, _, ext = self.name.rpartition(".")
        return f"{stem}.{hashlib.sha256(self.body).hexdigest()[:12]}.{ext}"

    @property
    def gzipped(self) -> bytes:
        return _gzip(self.body)


@cache
def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, 9, mtime=0)


def plotly_basic() -> bytes:
    return files("services.dashboard").joinpath("static/plotly-basic.min.js").read_bytes()


class Assets:
    """Every static file of the dashboard, by its plain and its hashed name."""

    def __init__(self, scripts: dict[str, str], styles: tuple[str, ...] = ()) -> None:
        css = DASHBOARD_CSS + "".join(styles)
        found = [
            Asset("dashboard.js", DASHBOARD_JS.encode(), JS),
            Asset("login.js", LOGIN_JS.encode(), JS),
            Asset("dashboard.css", css.encode(), CSS),
            Asset("plotly.min.js", plotly_basic(), JS),
            *(Asset(name, script.encode(), JS) for name, script in scripts.items()),
        ]
        self.by_name = {a.name: a for a in found}
        self.by_hash = {a.hashed: a for a in found}

    def url(self, name: str) -> str:
        """The address a page links a file by (its hashed name)."""
        return f"/dashboard/static/{self.by_name[name].hashed}"

    def answer(self, name: str, request: Request) -> Response:
        asset = self.by_hash.get(name)
        cached = asset is not None
        asset = asset or self.by_name.get(name)
        if asset is None:
            raise HTTPException(404, f"no dashboard file {name!r}")
        headers = {"Cache-Control": YEAR if cached else "no-cache", "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
        return Response(asset.body, media_type=asset.media_type, headers=headers)
