"""Families at one locus as arrays, so that many can be computed in one enumeration.

Each family's alleles at the locus are renamed 0, 1, ... in order of
appearance. Families with the same pedigree and the same typed members share a
*layout*; a :class:`FamilyBatch` stacks them, one column per family, with the
real allele behind each symbol.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.locus import LocusAlleles
from kinship.profile import Genotype

Codes = NDArray[np.int64]


@dataclass(frozen=True)
class FamilyLayout:
    """Which pedigree positions are typed at a locus, and which show one allele only."""

    typed: tuple[tuple[int, bool], ...]


@dataclass(frozen=True)
class FamilyAlleles:
    """The alleles of one family at a locus, renamed to symbols in order of appearance."""

    layout: FamilyLayout
    alleles: tuple[str, ...]
    symbols: tuple[tuple[int, int], ...]  # per typed position: (first, second or -1)


def family_alleles_at(observations: Mapping[int, Genotype]) -> FamilyAlleles:
    """Rename a family's alleles 0, 1, ... in order of appearance (positions in order)."""
    numbering: dict[str, int] = {}
    typed = []
    symbols = []
    for position in sorted(observations):
        first, second = observations[position]
        a = numbering.setdefault(first, len(numbering))
        b = -1 if second is None else numbering.setdefault(second, len(numbering))
        typed.append((position, second is None))
        symbols.append((a, b))
    return FamilyAlleles(FamilyLayout(tuple(typed)), tuple(numbering), tuple(symbols))


@dataclass(frozen=True)
class FamilyBatch:
    """Families sharing a layout, as arrays with one column per family.

    ``codes[s, j]`` is the allele code of symbol s in family j (-1 where the
    family has fewer symbols); ``symbols[i]`` holds, for the i-th typed
    position of the layout, each family's (first, second) symbols.
    """

    layout: FamilyLayout
    codes: Codes
    symbols: tuple[tuple[Codes, Codes], ...]

    @classmethod
    def stack(cls, families: Sequence[FamilyAlleles], alleles: LocusAlleles) -> FamilyBatch:
        width = max(1, max(len(f.alleles) for f in families))
        codes = np.full((width, len(families)), -1, dtype=np.int64)
        for column, family in enumerate(families):
            codes[: len(family.alleles), column] = [alleles.code(a) for a in family.alleles]
        symbols = tuple(
            (
                np.array([f.symbols[i][0] for f in families], dtype=np.int64),
                np.array([f.symbols[i][1] for f in families], dtype=np.int64),
            )
            for i in range(len(families[0].layout.typed))
        )
        return cls(families[0].layout, codes, symbols)

    @property
    def size(self) -> int:
        return int(self.codes.shape[1])

    def repeat(self, times: int) -> FamilyBatch:
        """Each family column repeated ``times`` times (one per candidate genotype)."""
        return FamilyBatch(
            self.layout,
            np.repeat(self.codes, times, axis=1),
            tuple((np.repeat(a, times), np.repeat(b, times)) for a, b in self.symbols),
        )


def missing_codes(missing: Sequence[Genotype], alleles: LocusAlleles) -> tuple[Codes, Codes]:
    """Allele codes of candidate genotypes; the second is -1 where only one allele was seen."""
    first = np.array([alleles.code(g[0]) for g in missing], dtype=np.int64)
    second = np.array([-1 if g[1] is None else alleles.code(g[1]) for g in missing], dtype=np.int64)
    return first, second
