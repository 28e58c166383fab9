"""From likelihood ratio to posterior probability, with an explicit prior.

Bayes' theorem in odds form: posterior odds = LR x prior odds, so::

    posterior = LR * prior / (LR * prior + 1 - prior)

The default prior is 1 / n, where n is the number of missing persons linked to
the same incident (or, when there is no incident, to the same route and year):
before any DNA, each of them is equally likely to be the person found. It is
capped at ``KinshipSettings.max_prior`` so that a lone linked person does not
start at certainty. A posterior at or above ``match_report_posterior``
(99.95 %) flags the pairing as ready for a DNA match report, which a person
then writes and signs: nothing here confirms an identification.
"""

from __future__ import annotations

import math

from kinship.family import Family
from kinship.settings import KinshipSettings


def prior_probability(family: Family, settings: KinshipSettings) -> float:
    """The family's prior: explicit if set, else 1 / linked missing persons, capped."""
    if family.prior is not None:
        if not 0.0 < family.prior < 1.0:
            raise ValueError(f"Family {family.family_id!r}: prior must be strictly between 0 and 1.")
        return family.prior
    linked = max(1, family.linked_missing_count)
    return min(1.0 / linked, settings.max_prior)


def posterior_probability(log10_lr: float, prior: float) -> float:
    """Posterior probability of the relationship from log10 LR and the prior.

    Computed on the log-odds scale so that LRs of 10**30 or 10**-30 neither
    overflow nor round to an exact 0 or 1 before they must.
    """
    if log10_lr == -math.inf:
        return 0.0
    log10_odds = log10_lr + math.log10(prior) - math.log10(1.0 - prior)
    if log10_odds > 300:
        return 1.0
    odds = math.pow(10.0, log10_odds)
    return odds / (1.0 + odds)


def ready_for_report(posterior: float, excluded: bool, settings: KinshipSettings) -> bool:
    """True when the pairing may go forward to a (human) DNA match report."""
    return not excluded and posterior >= settings.match_report_posterior
