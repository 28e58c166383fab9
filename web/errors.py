"""Errors as a person should see them: one sentence, the right status, never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from cases.i18n import N_
from cases.i18n import gettext as _
from graphmodel.errors import DatabaseUnavailable, TraceGraphError
from graphmodel.store import QueryRefused
from isolation.servers import ViewUnavailable
from queries.catalog import QueryCatalogError

from .security import wants_json

log = logging.getLogger(__name__)

MESSAGES = {
    400: N_("The request was not understood."),
    401: N_("Log in first."),
    403: N_("Your role or agency does not give access to this."),
    404: N_("There is no such page or record, or it is not shared with your agency."),
    405: N_("That action is not possible here."),
    413: N_("What was sent is too large."),
    414: N_("The address is too long."),
    429: N_("Too many requests; wait a moment."),
    500: N_("Something went wrong on the server; it has been logged."),
    503: N_("The database is unavailable right now. The page will work again as soon as it is back; "
            "try again in a minute."),
}
CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 413: "too_large", 414: "uri_too_long", 429: "too_many_requests",
         500: "server_error", 503: "database_unavailable"}


class BadInput(ValueError):
    """A parameter a user sent that cannot be used; its message says which and why."""


def error_response(status: int, message: str | None = None) -> Any:
    # a fixed sentence is said in the page's language; one built from what the user sent stays as built
    text = _(message) if message else _(MESSAGES.get(status, N_("The request could not be answered.")))
    if wants_json():
        response = jsonify(error=CODES.get(status, "error"), message=text)
        response.status_code = status
        return response
    return render_template("error.html", status=status, message=text), status


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        described = error.description if isinstance(error.description, str) and error.code in (400,) \
            and not error.description.startswith("The browser (or proxy)") else None
        return error_response(error.code or 500, described)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Any:
        return error_response(400, N_("The form had expired or did not come from this site; "
                                      "reload the page and try again."))

    @app.errorhandler(BadInput)
    def bad_input(error: BadInput) -> Any:
        return error_response(400, str(error))

    @app.errorhandler(QueryCatalogError)
    def bad_parameter(error: QueryCatalogError) -> Any:
        return error_response(400, str(error))

    @app.errorhandler(ViewUnavailable)
    def view_unavailable(error: ViewUnavailable) -> Any:
        log.warning("analysts' view unavailable: %s", error)
        return error_response(503, str(error))

    @app.errorhandler(DatabaseUnavailable)
    def database_down(error: DatabaseUnavailable) -> Any:
        log.warning("database unavailable: %s", error)
        return error_response(503)

    @app.errorhandler(QueryRefused)
    def query_refused(error: QueryRefused) -> Any:
        log.warning("query refused: %s", error)
        return error_response(503 if "timeout" in str(error).lower() else 500,
                              "The database could not answer this in time; narrow the request." if
                              "timeout" in str(error).lower() else None)

    @app.errorhandler(TraceGraphError)
    def graph_error(error: TraceGraphError) -> Any:
        log.error("graph error: %s", error)
        return error_response(500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return http_error(error)
        log.exception("unexpected error", exc_info=error)
        return error_response(500)

    @app.errorhandler(InternalServerError)
    def internal(error: InternalServerError) -> Any:
        return error_response(500)
