"""The OpenAPI description of the JSON API, and a readable page of it."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from flask import Blueprint, jsonify, render_template

from .security import AUTHENTICATED, requires

bp = Blueprint("api_docs", __name__)


@lru_cache(maxsize=1)
def openapi() -> dict[str, Any]:
    """The description shipped as web/openapi.yaml."""
    return yaml.safe_load(resources.files("web").joinpath("openapi.yaml").read_text(encoding="utf-8"))


@bp.route("/api/openapi.json")
@requires(AUTHENTICATED)
def openapi_json() -> Any:
    return jsonify(openapi())


@bp.route("/api-docs")
@requires(AUTHENTICATED)
def api_page() -> Any:
    return render_template("api_docs.html", spec=openapi())
