"""Registers every area's blueprint and the helpers the templates share."""

from __future__ import annotations

from flask import Flask, g

from .accounts import ROLE_PERMISSIONS


def init_app(app: Flask) -> None:
    from . import admin, api_docs, auth, briefs, cases, console, entities, graph, inquiries, review, search
    from .inquiry import views as inquiry
    for module in (auth, search, cases, entities, graph, review, console, briefs, inquiries, admin, api_docs,
                   inquiry):
        app.register_blueprint(module.bp)

    @app.context_processor
    def shared() -> dict[str, object]:
        user = g.get("user")
        permissions = ROLE_PERMISSIONS.get(user.role, frozenset()) if user else frozenset()
        return {"current_user": user, "permissions": permissions}
