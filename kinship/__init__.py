"""DNA kinship maths for identifying missing persons.

Pure Python and numpy: no database and no web code. See ``docs/kinship.md`` for
the models, formulas, parameters and references.

The entry points the graph layer, the CLI and the web app use:

* :func:`screen` - many post-mortem profiles against many families;
* :func:`compare` / :func:`explain` - one profile against one family, with
  the per-locus reasons;
* :func:`pairwise_locus` - one locus, one reference, one relationship;
* :func:`load_frequencies` - the norSTR allele frequencies shipped here.
"""

from kinship.likelihood.compare import Comparison, compare
from kinship.likelihood.locus_ratios import Skipped
from kinship.explain import Explanation, explain
from kinship.family import Family, Reference
from kinship.frequencies import (
    MIN_FREQUENCY,
    POPULATIONS,
    AlleleFrequencies,
    UnknownLocus,
    UnknownPopulation,
    load_frequencies,
    normalise_allele,
)
from kinship.likelihood.pairwise import PairwiseLocus, pairwise_locus
from kinship.posterior import posterior_probability, prior_probability
from kinship.profile import Genotype, Profile, parse_profile
from kinship.results import LocusResult, PairResult, ScreenResult
from kinship.likelihood.screen import screen
from kinship.settings import KinshipSettings

__all__ = [
    "MIN_FREQUENCY",
    "POPULATIONS",
    "AlleleFrequencies",
    "Comparison",
    "Explanation",
    "Family",
    "Genotype",
    "KinshipSettings",
    "LocusResult",
    "PairResult",
    "PairwiseLocus",
    "Profile",
    "Reference",
    "ScreenResult",
    "Skipped",
    "UnknownLocus",
    "UnknownPopulation",
    "compare",
    "explain",
    "load_frequencies",
    "normalise_allele",
    "pairwise_locus",
    "parse_profile",
    "posterior_probability",
    "prior_probability",
    "screen",
]
