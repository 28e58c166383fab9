"""The short name of a record, as lists, the canvas and a brief's chain diagram show it."""

from __future__ import annotations

from typing import Any


def caption(label: str, props: dict[str, Any]) -> str:
    """A short name for a node on the canvas and in lists."""
    pick = {
        "Person": lambda p: p.get("full_name"),
        "Report": lambda p: f"Report {p.get('record_id') or p.get('uid')}",
        "Remains": lambda p: f"Remains {p.get('case_number') or p.get('record_id')}",
        "Sighting": lambda p: f"{(p.get('sighting_type') or 'sighting').replace('_', ' ')} {p.get('date') or ''}",
        "Voyage": lambda p: p.get("vessel_name") or f"Voyage {p.get('record_id')}",
        "Vessel": lambda p: p.get("registration"),
        "Place": lambda p: p.get("name"),
        "Incident": lambda p: f"Incident {p.get('record_id')} {p.get('date') or ''}",
        "DNAProfile": lambda p: f"DNA {p.get('sample_id')}",
        "Candidate": lambda p: f"{p.get('band') or ''} candidate ({(p.get('review_status') or '').replace('_', ' ')})",
        "Review": lambda p: f"Review: {p.get('decision')}",
        "Agency": lambda p: p.get("code"),
        "Route": lambda p: p.get("name"),
    }.get(label)
    text = pick(props) if pick else None
    return str(text or props.get("uid") or label).strip()
