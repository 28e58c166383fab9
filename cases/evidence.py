"""A candidate's evidence as a viewer may read it: DNA first, then strongest first; the per-locus
detail of DNA evidence only for DNA-cleared viewers."""

from __future__ import annotations

import json
from typing import Any

from .model import Evidence


def is_dna_evidence(kind: str) -> bool:
    """Whether an evidence kind is a DNA comparison (its detail holds genotypes)."""
    kind = kind.lower()
    return kind.startswith("dna") or kind == "kinship"


def evidence_items(raw: Any, dna_cleared: bool) -> list[Evidence]:
    """The evidence stored on a candidate (a JSON list), shaped and ordered for reading."""
    try:
        items = json.loads(raw) if isinstance(raw, str) else list(raw or [])
    except (ValueError, TypeError):
        return []
    shaped = []
    for item in items:
        if not isinstance(item, dict):
            continue
        kind = str(item.get("kind", "evidence"))
        is_dna = is_dna_evidence(kind)
        detail = item.get("detail")
        if is_dna and not dna_cleared:
            detail = None
        shaped.append(Evidence(kind=kind, dna=is_dna, log10_lr=number(item.get("log10_lr")), detail=detail,
                               detail_rows=_detail_rows(detail), restricted=is_dna and not dna_cleared))
    shaped.sort(key=lambda e: (not e.dna, -(e.log10_lr or 0)))
    return shaped


def number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _detail_rows(detail: Any) -> list[tuple[str, str]]:
    """A per-locus (or per-property) explanation as rows, when it is structured."""
    if isinstance(detail, dict):
        return [(str(k), _text(v)) for k, v in detail.items()]
    if isinstance(detail, list) and all(isinstance(d, dict) for d in detail):
        rows = []
        for d in detail:
            name = d.get("locus") or d.get("name") or d.get("property") or ""
            rows.append((str(name), ", ".join(f"{k}: {_text(v)}" for k, v in d.items()
                                              if k not in ("locus", "name", "property"))))
        return rows
    return []


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)
