"""The alphabet of one enumeration: the alleles observed, the candidate's, and "rest".

Untyped members are enumerated over the alleles the family shows, the missing
person's two alleles (symbols X and Y, varying by column) and one rest symbol
standing for every other allele. Frequencies and transitions of these symbols
are computed per column from the full allele coding of :mod:`kinship.likelihood.locus`;
a path through several mutating transmissions uses the matrix power over all
alleles, taken before lumping (see :mod:`kinship.likelihood.pedigree_likelihood`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.locus import LocusAlleles

Array = NDArray[np.float64]
Codes = NDArray[np.int64]


@dataclass
class Symbols:
    """Per-call alphabet: family symbols, X, Y and rest, varying along the columns."""

    count: int
    frequency: Array  # (S, J)
    transition: Array  # (S, S, J)
    missing_first: Codes  # (J,) symbol of the missing person's first allele
    missing_second: Codes  # (J,) symbol of the second allele, -1 when unseen
    named: Codes | None = None
    alleles: LocusAlleles | None = None
    mutations: Sequence[Array] = ()

    @classmethod
    def build(
        cls,
        family_codes: Codes,
        first: Codes,
        second: Codes,
        alleles: LocusAlleles,
        mutations: Sequence[Array],
        candidate_symbols: int = 2,
    ) -> Symbols:
        """The alphabet of these columns: the family's symbols (rows of ``family_codes``), the
        candidate's own symbols X and Y, and rest.

        With ``candidate_symbols`` below 2 the alphabet has only X (1) or neither (0): every
        column's candidate must then bring no more alleles the family does not show, the first
        of them as ``first``.
        """
        n_family = family_codes.shape[0]
        x_symbol, y_symbol = n_family, n_family + 1
        first_match = family_codes == first[None, :]
        first_symbol = np.where(first_match.any(axis=0), _first_true(first_match), x_symbol)
        second_match = family_codes == second[None, :]
        second_symbol = np.where(
            second < 0,
            -1,
            np.where(
                second_match.any(axis=0),
                _first_true(second_match),
                np.where(second == first, first_symbol, y_symbol),
            ),
        )
        named = np.vstack(
            [
                family_codes,
                np.where(first_symbol == x_symbol, first, -1)[None, :],
                np.where(second_symbol == y_symbol, second, -1)[None, :],
            ]
        )
        if candidate_symbols < 2:
            if np.any(second_symbol == y_symbol) or (candidate_symbols == 0 and np.any(first_symbol == x_symbol)):
                raise ValueError("a candidate brings more alleles than the alphabet's candidate symbols")
            named = named[: n_family + candidate_symbols]
        symbols = cls(n_family + candidate_symbols + 1, np.empty(0), np.empty(0), first_symbol, second_symbol, named,
                      alleles, mutations)
        symbols.frequency, symbols.transition = symbols.lumped(1)
        return symbols

    def lumped(self, steps: int) -> tuple[Array, Array]:
        """Frequencies and the lumped transition over ``steps`` mutating transmissions.

        The power is taken over all alleles before lumping, so a path through
        an untyped intermediate is exact even when it passes through alleles
        in the rest symbol.
        """
        assert self.named is not None and self.alleles is not None
        columns = self.named.shape[1]
        per_matrix = columns // len(self.mutations)
        frequency = np.empty((self.count, columns))
        transition = np.empty((self.count, self.count, columns))
        for number, mutation in enumerate(self.mutations):
            part = slice(number * per_matrix, (number + 1) * per_matrix)
            power = matrix_power(mutation, steps, self.alleles.pool_size)
            frequency[:, part], transition[:, :, part] = lumped_symbols(self.named[:, part], self.alleles, power)
        return frequency, transition


def _first_true(matches: NDArray[np.bool_]) -> Codes:
    """Per column, the first row that is true (0 where none is, or where there are no rows)."""
    if matches.shape[0] == 0:
        return np.zeros(matches.shape[1], dtype=np.int64)
    first: Codes = matches.argmax(axis=0)
    return first


def matrix_power(matrix: Array, steps: int, pool: int) -> Array:
    """``steps`` transmissions in a row.

    The unseen alleles in between range over the pool and over the two ends of
    the path when the database does not list them: an untyped parent can pass
    on the unlisted allele their parent and their child both show. Other
    unlisted alleles of the calculation are not intermediates, so the result
    for a pair of alleles does not depend on what else is being compared.
    """
    if steps == 0:
        return np.eye(matrix.shape[0])
    if steps == 1:
        return matrix
    key = (id(matrix), steps)
    cached = _MATRIX_POWERS.get(key)
    if cached is None or cached[0] is not matrix:
        power = matrix
        for _ in range(steps - 1):
            power = power[:, :pool] @ matrix[:pool, :]
        power = power.copy()
        unlisted = np.arange(pool, matrix.shape[0])
        if unlisted.size:
            base = np.broadcast_to(np.arange(pool), (unlisted.size, pool))
            universe = np.hstack([base, unlisted[:, None]])
            within = np.linalg.matrix_power(matrix[universe[:, :, None], universe[:, None, :]], steps)
            for number, allele in enumerate(unlisted):
                power[allele, universe[number]] = within[number, -1]
                power[universe[number], allele] = within[number, :, -1]
            first, second = np.triu_indices(unlisted.size, 1)
            if first.size:
                pairs = np.hstack([np.broadcast_to(np.arange(pool), (first.size, pool)),
                                   unlisted[first][:, None], unlisted[second][:, None]])
                within = np.linalg.matrix_power(matrix[pairs[:, :, None], pairs[:, None, :]], steps)
                power[unlisted[first], unlisted[second]] = within[:, -2, -1]
                power[unlisted[second], unlisted[first]] = within[:, -1, -2]
        # Keeping the matrix itself in the entry keeps its id from being reused.
        cached = _MATRIX_POWERS[key] = (matrix, power)
    return cached[1]


_MATRIX_POWERS: dict[tuple[int, int], tuple[Array, Array]] = {}


def lumped_symbols(named: Codes, alleles: LocusAlleles, mutation: Array) -> tuple[Array, Array]:
    """Frequencies and transitions of the named symbols plus the rest symbol."""
    pool = alleles.pool_size
    p = alleles.frequencies
    valid = named >= 0
    safe = np.where(valid, named, 0)
    in_pool = valid & (named < pool)
    n_named, k = named.shape
    p_named = np.where(valid, p[safe], 0.0)
    p_pool_named = np.where(in_pool, p_named, 0.0)
    p_rest = np.clip(p[:pool].sum() - p_pool_named.sum(axis=0), 0.0, None)
    frequency = np.vstack([p_named, p_rest[None, :]])

    row_pool = mutation[:, :pool].sum(axis=1)
    col_weighted = p[:pool] @ mutation[:pool, :]
    total = float(p[:pool] @ row_pool[:pool])
    between = mutation[safe[:, None, :], safe[None, :, :]] * (valid[:, None, :] & valid[None, :, :])
    into_pool_named = (between * in_pool[None, :, :]).sum(axis=1)
    from_pool_named = (between * p_pool_named[:, None, :]).sum(axis=0)
    to_rest = np.where(valid, row_pool[safe] - into_pool_named, 0.0)
    from_rest_mass = np.where(valid, col_weighted[safe] - from_pool_named, 0.0)
    rest_mass = (
        total
        - (p_pool_named * np.where(in_pool, row_pool[safe], 0.0)).sum(axis=0)
        - (from_rest_mass * in_pool).sum(axis=0)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(p_rest > 0, 1.0 / p_rest, 0.0)
    # Each is a sum of non-negative terms found by subtraction: rounding must not make it negative.
    to_rest, from_rest_mass, rest_mass = (np.maximum(x, 0.0) for x in (to_rest, from_rest_mass, rest_mass))
    transition = np.zeros((n_named + 1, n_named + 1, k))
    transition[:n_named, :n_named, :] = between
    transition[:n_named, n_named, :] = to_rest
    transition[n_named, :n_named, :] = from_rest_mass * scale
    transition[n_named, n_named, :] = rest_mass * scale
    return frequency, transition


@lru_cache(maxsize=64)
def alphabet(size: int) -> tuple[Codes, Codes, Codes]:
    """Unordered genotypes over ``size`` symbols: first and second symbol, and pair index."""
    first, second = np.triu_indices(size)
    index = np.zeros((size, size), dtype=np.int64)
    index[first, second] = np.arange(first.size)
    index[second, first] = np.arange(first.size)
    return first, second, index


class PathMatrices:
    """Lumped transitions over one or more mutating transmissions, computed on demand."""

    def __init__(self, symbols: Symbols) -> None:
        self.symbols = symbols
        self.powers = {1: symbols.transition}

    def get(self, steps: int) -> Array:
        if steps not in self.powers:
            self.powers[steps] = self.symbols.lumped(steps)[1]
        return self.powers[steps]
