"""The audit trail as an administrator reads it: a date range, and details in words, not JSON."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from .errors import BadInput

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# How a detail's keys read; a key not listed reads as itself, with spaces.
DETAIL_LABELS = {"rows": "rows", "duration_ms": "time (ms)", "named": "library query", "error": "refused",
                 "query": "query", "parameters": "parameters", "shared": "shared with the agency",
                 "source": "query saved", "run": "run", "format": "format", "table": "table",
                 "transactions": "transactions stopped"}
# Shown as code: the Cypher of a run, its parameters.
CODE_KEYS = {"query", "source", "parameters"}


def day_range(since: str, until: str) -> tuple[str, str]:
    """The ISO bounds of a date range, both days included: `at >= low` and `at < high`."""
    for value in (since, until):
        if value and not (ISO_DAY.match(value) and _day(value)):
            raise BadInput(f"A date is written 2026-01-31, not {value!r}.")
    if since and until and since > until:
        raise BadInput("The range starts after it ends: swap the two dates.")
    high = (_day(until) + timedelta(days=1)).isoformat() if until else ""  # type: ignore[operator]
    return since, high


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def readable(detail: str) -> list[dict[str, Any]]:
    """A detail as label and value pairs: a JSON object's fields in words, or the text as it is."""
    try:
        parsed = json.loads(detail) if detail.strip().startswith("{") else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        return [{"label": "", "value": detail, "code": False}] if detail else []
    shown = []
    for key, value in parsed.items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, (dict, list)):
            text = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            text = "yes" if value else "no"
        else:
            text = str(value)
        shown.append({"label": DETAIL_LABELS.get(key, key.replace("_", " ")), "value": text,
                      "code": key in CODE_KEYS})
    return shown
