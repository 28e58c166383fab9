"""The source formats `tracegraph ingest` accepts, each an adapter (or a set of them)."""

from __future__ import annotations

from pathlib import Path

from ..errors import FileRefused
from .base import FilePlan

FORMATS = ("interchange", "iom-mmp", "deaths-at-borders", "mapped")


def plan_files(format_name: str, path: Path, *, mapping: Path | None = None) -> list[FilePlan]:
    """The files to load for `format_name` at `path`, each with its adapter, in load order."""
    if format_name == "interchange":
        from .interchange import plan_delivery
        return plan_delivery(path)
    if path.is_dir():
        raise FileRefused(f"{path} is a folder; the {format_name} format loads one CSV file.")
    if format_name == "iom-mmp":
        from .iom_mmp import IomMmpAdapter
        return [FilePlan(path, IomMmpAdapter(), format_name)]
    if format_name == "deaths-at-borders":
        from .deaths_at_borders import DeathsAtBordersAdapter
        return [FilePlan(path, DeathsAtBordersAdapter(), format_name)]
    if format_name == "mapped":
        from .mapped import load_mapping
        if mapping is None:
            raise FileRefused("the mapped format needs --mapping FILE (a YAML mapping of the file's columns).")
        return [FilePlan(path, load_mapping(mapping), format_name)]
    raise FileRefused(f"unknown format {format_name!r}: use one of {', '.join(FORMATS)}.")


def default_agency(format_name: str) -> str | None:
    """The agency a published format's records belong to when --agency is not given."""
    return {"iom-mmp": "IOM", "deaths-at-borders": "DATB"}.get(format_name)
