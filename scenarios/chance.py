"""Weighted choices and counts drawn from a seeded random.Random, the only source of chance."""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Mapping, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed set of values drawn with fixed relative weights (bisect on cumulative weights)."""

    __slots__ = ("values", "_cumulative", "_total")

    def __init__(self, values: Sequence[T], weights: Sequence[float]) -> None:
        if len(values) != len(weights) or not values:
            raise ValueError("A weighted choice needs as many weights as values, and at least one.")
        self.values: tuple[T, ...] = tuple(values)
        self._cumulative = list(accumulate(float(w) for w in weights))
        self._total = self._cumulative[-1]

    @classmethod
    def of(cls, table: Mapping[T, float]) -> "Weighted[T]":
        """Weighted choice over a mapping value -> weight (kept in the mapping's order)."""
        return cls(list(table), list(table.values()))

    @classmethod
    def uniform(cls, values: Sequence[T]) -> "Weighted[T]":
        """Every value equally likely."""
        return cls(values, [1.0] * len(values))

    def weights(self) -> list[float]:
        """The relative weights, in the order of ``values``."""
        previous = [0.0] + self._cumulative[:-1]
        return [high - low for low, high in zip(previous, self._cumulative)]

    def pick(self, rng: random.Random) -> T:
        """One value."""
        index = bisect.bisect_right(self._cumulative, rng.random() * self._total)
        return self.values[min(index, len(self.values) - 1)]

    def __len__(self) -> int:
        return len(self.values)


def chance(rng: random.Random, probability: float) -> bool:
    """True with the given probability."""
    return rng.random() < probability


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count (Knuth's method; the means used here are small)."""
    if mean <= 0:
        return 0
    limit = math.exp(-mean)
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high], both included."""
    return rng.randint(low, high) if high > low else low


def some_of(rng: random.Random, items: Sequence[T], keep: float) -> list[T]:
    """Each item kept with probability ``keep``, order preserved."""
    return [item for item in items if rng.random() < keep]
