"""The TraceGraph interchange CSVs (../shared/formats/README.md): six files, one per record type.

A delivery is a folder with any subset of them. They are loaded in the order that lets most
references meet a record already loaded (voyages before the reports that name them, reports
before relatives...), but the order is a convenience, not a requirement: a reference to a record
not loaded yet makes a placeholder that the record fills when it arrives.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import FileRefused
from ..base import Adapter, FilePlan
from .dna import DnaProfilesAdapter
from .relatives import RelativesAdapter
from .remains import RemainsAdapter
from .reports import ReportsAdapter
from .sightings import SightingsAdapter
from .voyages import VesselsAdapter

ADAPTERS: dict[str, type[Adapter]] = {
    "vessels": VesselsAdapter,
    "reports": ReportsAdapter,
    "relatives": RelativesAdapter,
    "sightings": SightingsAdapter,
    "remains": RemainsAdapter,
    "dna_profiles": DnaProfilesAdapter,
}


def adapter_for(path: Path) -> Adapter | None:
    """The adapter of an interchange file, by its name (`reports.csv`...), or None."""
    stem = path.name.casefold().removesuffix(".csv")
    return ADAPTERS[stem]() if stem in ADAPTERS and path.suffix.casefold() == ".csv" else None


def plan_delivery(path: Path) -> list[FilePlan]:
    """The interchange files of a delivery folder (or one file), in load order."""
    if path.is_file():
        adapter = adapter_for(path)
        if adapter is None:
            raise FileRefused(
                f"{path.name} is not an interchange file name: use one of "
                f"{', '.join(name + '.csv' for name in ADAPTERS)}.")
        return [FilePlan(path, adapter, "interchange")]
    if not path.is_dir():
        raise FileRefused(f"{path} does not exist.")
    found = {adapter.kind: (file, adapter) for file in sorted(path.iterdir())
             if (adapter := adapter_for(file)) is not None}
    if not found:
        raise FileRefused(
            f"{path} holds no interchange file ({', '.join(name + '.csv' for name in ADAPTERS)}).")
    return [FilePlan(found[kind][0], found[kind][1], "interchange") for kind in ADAPTERS if kind in found]


def ignored_files(path: Path) -> list[str]:
    """Files of a delivery folder that are not interchange files, to report them."""
    if not path.is_dir():
        return []
    return sorted(file.name for file in path.iterdir()
                  if file.is_file() and adapter_for(file) is None and not file.name.startswith("."))
