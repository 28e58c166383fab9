"""The audit trail as an administrator reads it: a date range, and details in words, not JSON."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from cases.i18n import N_
from cases.i18n import gettext as _

from .errors import BadInput

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# How a detail's keys read; a key not listed reads as itself, with spaces.
DETAIL_LABELS = {"rows": N_("rows"), "duration_ms": N_("time (ms)"), "named": N_("library query"),
                 "error": N_("refused"), "query": N_("query"), "parameters": N_("parameters"),
                 "shared": N_("shared with the agency"), "source": N_("query saved"), "run": N_("run"),
                 "format": N_("format"), "table": N_("table"), "transactions": N_("transactions stopped")}
# Shown as code: the Cypher of a run, its parameters.
CODE_KEYS = {"query", "source", "parameters"}


def day_range(since: str, until: str) -> tuple[str, str]:
    """The ISO bounds of a date range, both days included: `at >= low` and `at < high`."""
    for value in (since, until):
        if value and not (ISO_DAY.match(value) and _day(value)):
            raise BadInput(_("A date is written 2026-01-31, not %(value)s.", value=repr(value)))
    if since and until and since > until:
        raise BadInput(_("The range starts after it ends: swap the two dates."))
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
            text = _("yes") if value else _("no")
        else:
            text = str(value)
        label = _(DETAIL_LABELS[key]) if key in DETAIL_LABELS else key.replace("_", " ")
        shown.append({"label": label, "value": text,
                      "code": key in CODE_KEYS})
    return shown
