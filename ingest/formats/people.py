"""Properties shared by every person and every agency record: names, the supplying agency."""

from __future__ import annotations

from typing import Any

from normalise.name_keys import full_name, name_key, name_variants, normalise_text

from ..graph import NodeRef, RecordGraph


def name_properties(family_name: str | None, given_names: str | None, other_names: list[str],
                    father_name: str | None = None, mother_name: str | None = None) -> dict[str, Any]:
    """The name fields of a Person: as delivered (NFC), the full name, its key and variants."""
    family = normalise_text(family_name) if family_name else None
    given = normalise_text(given_names) if given_names else None
    others = [normalise_text(name) for name in other_names]
    full = full_name(given or "", family or "") or (others[0] if others else "")
    return {
        "full_name": full or None,
        "family_name": family,
        "given_names": given,
        "other_names": others or None,
        "name_key": name_key(full) or None,
        "name_variants": name_variants([full, *others]) or None,
        "father_name": normalise_text(father_name) if father_name else None,
        "mother_name": normalise_text(mother_name) if mother_name else None,
    }


def supplied_by(graph: RecordGraph, record: NodeRef, agency: str) -> None:
    """The record's SUPPLIED_BY relationship to its agency."""
    graph.link("SUPPLIED_BY", record, graph.shared("Agency", agency, {"name": agency}))
