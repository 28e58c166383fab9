"""DNA kinship: likelihood ratios between post-mortem profiles and missing persons' families.

This package's own namespace is the surface of the maths: code outside ``kinship`` imports from
here and nowhere deeper. The maths is pure Python and numpy (no database, no web code); its
machinery lives in :mod:`kinship.likelihood`. The one other entry point is
:mod:`kinship.screening`, ``tracegraph kinship screen`` and ``explain`` over the graph, which
reads families and profiles through the named queries, calls this surface and writes
``KINSHIP_MATCH``. See ``docs/kinship.md`` for the models, formulas, parameters and references.

* :func:`screen` - many post-mortem profiles against many families;
* :func:`compare` / :func:`explain` / :func:`with_reasons` - one profile against one family,
  with the per-locus reasons; :func:`compare_profiles` - several profiles against one family;
* :func:`identity` - are two profiles from one person (parts of one body);
* :func:`check_family` - do a family's references fit the pedigree they state;
* :func:`pairwise_locus` - one locus, one reference, one relationship;
* :func:`load_frequencies` - the norSTR allele frequencies shipped here.
"""

from kinship.explain import Explanation, explain, with_reasons
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
from kinship.identity import identity
from kinship.likelihood.compare import Comparison, compare, compare_profiles
from kinship.likelihood.family_check import FamilyCheck
from kinship.likelihood.locus_ratios import check_family
from kinship.likelihood.pairwise import PairwiseLocus, pairwise_locus
from kinship.likelihood.screen import ForkedRunner, PieceRunner, screen
from kinship.posterior import posterior_probability, prior_probability, ready_for_report
from kinship.profile import Genotype, Profile, allele_sort_key, parse_genotype, parse_profile
from kinship.relationships import IBD_BY_RELATIONSHIP
from kinship.results import LocusResult, PairResult, ScreenResult, Skipped
from kinship.settings import (
    FREQUENCIES,
    KinshipSettings,
    settings_differences,
    settings_from_record,
    settings_record,
)

__all__ = [
    "IBD_BY_RELATIONSHIP",
    "FREQUENCIES",
    "MIN_FREQUENCY",
    "POPULATIONS",
    "AlleleFrequencies",
    "Comparison",
    "Explanation",
    "Family",
    "FamilyCheck",
    "ForkedRunner",
    "Genotype",
    "KinshipSettings",
    "LocusResult",
    "PairResult",
    "PairwiseLocus",
    "PieceRunner",
    "Profile",
    "Reference",
    "ScreenResult",
    "Skipped",
    "UnknownLocus",
    "UnknownPopulation",
    "allele_sort_key",
    "check_family",
    "compare",
    "compare_profiles",
    "explain",
    "identity",
    "load_frequencies",
    "normalise_allele",
    "pairwise_locus",
    "parse_genotype",
    "parse_profile",
    "posterior_probability",
    "prior_probability",
    "ready_for_report",
    "screen",
    "settings_differences",
    "settings_from_record",
    "settings_record",
    "with_reasons",
]
