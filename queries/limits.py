"""One meaning for a limit in every named query, and a result that says when it was cut.

A named query that can return many rows declares an integer parameter `limit` and ends with
`LIMIT $limit`; none has a limit of its own in its text. A run asks for one row more than it
will show, so it knows whether the result was cut, and says so (`truncated`).
"""

from __future__ import annotations

from typing import Any

from .catalog import NamedQuery

LIMIT_PARAMETER = "limit"


def capped(
    query: NamedQuery, bound: dict[str, Any], limit: int, *, explicit: bool = False
) -> tuple[dict[str, Any], int]:
    """The parameters to run `query` with and the number of rows to show: `limit`, or the query's
    own `limit` parameter when the caller set it explicitly and it is smaller. The query is asked
    for one row more, so a cut result is told from a complete one."""
    if not any(parameter.name == LIMIT_PARAMETER for parameter in query.parameters):
        return bound, limit
    given = bound.get(LIMIT_PARAMETER)
    shown = min(limit, given) if explicit and isinstance(given, int) else limit
    return {**bound, LIMIT_PARAMETER: shown + 1}, shown
