"""DNA kinship maths for identifying missing persons.

Pure Python and numpy: no database and no web code. See ``docs/kinship.md`` for
the models, formulas and references.
"""

from kinship.frequencies import (
    MIN_FREQUENCY,
    POPULATIONS,
    AlleleFrequencies,
    UnknownLocus,
    UnknownPopulation,
    load_frequencies,
    normalise_allele,
)

__all__ = [
    "MIN_FREQUENCY",
    "POPULATIONS",
    "AlleleFrequencies",
    "UnknownLocus",
    "UnknownPopulation",
    "load_frequencies",
    "normalise_allele",
]
