"""STR allele frequencies from the norSTR databases, shipped inside the package.

The seven norSTR 2023 population tables (MIT licence, see ``data/LICENSE-norSTR.md``)
are read with :mod:`importlib.resources`. Each file lists a marker name on its own
line, then ``allele<TAB>frequency`` lines; a blank line separates markers.

Minimum frequency and renormalisation
-------------------------------------
An allele that a database does not list still occurs in real casework (a rare
variant, a new microvariant). Giving it frequency zero would make any likelihood
containing it zero, so it gets ``MIN_FREQUENCY`` (0.001, the value norSTR itself
uses for its rarest alleles). To keep the locus a probability distribution, the
listed frequencies are renormalised once, when the table is loaded::

    p(listed allele a) = f(a) / sum(f) * (1 - MIN_FREQUENCY)
    p(any unlisted allele) = MIN_FREQUENCY

so the listed alleles sum to ``1 - MIN_FREQUENCY`` and the unlisted alleles share
the reserved ``MIN_FREQUENCY``. A frequency is therefore a fixed property of
(population, locus, allele): it never depends on which other profiles are being
compared, which keeps a screening result identical to the same pair computed
alone. One comparison that meets two *different* unlisted alleles at the same
locus gives each the full reserved 0.001; the overcount is at most 0.001 of the
locus total and is accepted rather than making frequencies depend on the batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

POPULATIONS: tuple[str, ...] = (
    "africa",
    "east_asia",
    "europe",
    "middle_asia",
    "norway",
    "south_america",
    "west_asia",
)

MIN_FREQUENCY = 0.001

_DATA_PACKAGE = "kinship.data"


class UnknownPopulation(ValueError):
    """The population is not one of the seven norSTR databases."""

    def __init__(self, population: str) -> None:
        super().__init__(
            f"Unknown population {population!r}: choose one of {', '.join(POPULATIONS)}."
        )
        self.population = population


class UnknownLocus(KeyError):
    """The locus is not typed in the chosen frequency database."""

    def __init__(self, locus: str, population: str) -> None:
        super().__init__(locus)
        self.locus = locus
        self.population = population

    def __str__(self) -> str:
        return (
            f"Locus {self.locus!r} is not in the norSTR {self.population} database; "
            "check the marker name or leave the locus out."
        )


def normalise_allele(raw: str | float) -> str:
    """Return the canonical text of an STR allele designation.

    Repeat numbers are written without trailing zeros, so ``"14.0"`` and ``14``
    both become ``"14"`` while the microvariant ``"9.3"`` stays ``"9.3"``.
    Surrounding whitespace is ignored. Raises ValueError for a non-numeric value.
    """
    text = str(raw).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"Allele {raw!r} is not a repeat number such as 14 or 9.3.") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"Allele {raw!r} is not a repeat number such as 14 or 9.3.")
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


@dataclass(frozen=True)
class AlleleFrequencies:
    """One norSTR population database, renormalised as described in the module docstring."""

    population: str
    loci: tuple[str, ...]
    _tables: Mapping[str, Mapping[str, float]] = field(repr=False)

    def table(self, locus: str) -> dict[str, float]:
        """Listed alleles of ``locus`` (normalised designation -> renormalised frequency)."""
        return dict(self._locus_table(locus))

    def frequency(self, locus: str, allele: str | float) -> float:
        """Frequency of ``allele`` at ``locus``; MIN_FREQUENCY when the database lacks it."""
        return self._locus_table(locus).get(normalise_allele(allele), MIN_FREQUENCY)

    def has_locus(self, locus: str) -> bool:
        """True when the database types ``locus``."""
        return locus in self._tables

    def _locus_table(self, locus: str) -> Mapping[str, float]:
        try:
            return self._tables[locus]
        except KeyError:
            raise UnknownLocus(locus, self.population) from None


def parse_frequency_file(text: str) -> dict[str, dict[str, float]]:
    """Parse the norSTR text format into ``{marker: {allele: raw frequency}}``."""
    tables: dict[str, dict[str, float]] = {}
    marker: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            marker = None
            continue
        if "\t" not in stripped:
            marker = stripped
            tables[marker] = {}
            continue
        if marker is None:
            raise ValueError(f"Line {number}: allele line before any marker name.")
        allele, frequency = stripped.split("\t", 1)
        tables[marker][normalise_allele(allele)] = float(frequency)
    return tables


def _renormalise(raw: Mapping[str, float]) -> Mapping[str, float]:
    total = sum(raw.values())
    scale = (1.0 - MIN_FREQUENCY) / total
    return MappingProxyType({allele: value * scale for allele, value in raw.items()})


@lru_cache(maxsize=None)
def load_frequencies(population: str) -> AlleleFrequencies:
    """Load (once) the norSTR 2023 database for ``population``, e.g. ``"east_asia"``."""
    if population not in POPULATIONS:
        raise UnknownPopulation(population)
    file_name = f"norstr-{population.replace('_', '-')}-2023.txt"
    text = resources.files(_DATA_PACKAGE).joinpath(file_name).read_text(encoding="utf-8")
    raw_tables = parse_frequency_file(text)
    tables = {marker: _renormalise(alleles) for marker, alleles in raw_tables.items()}
    return AlleleFrequencies(
        population=population,
        loci=tuple(raw_tables),
        _tables=MappingProxyType(tables),
    )
