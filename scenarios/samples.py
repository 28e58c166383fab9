"""DNA samples and their dna_profiles.csv rows: relatives' reference samples, direct references
from a missing person's belongings, and post-mortem samples from remains."""

from __future__ import annotations

from scenarios.chance import Weighted, chance
from scenarios.genotypes import POST_MORTEM_QUALITY, Genotype, typed_profile
from scenarios.world import Run

# Bodies long in water or sun yield worse DNA.
QUALITY_BY_CONDITION = {
    "fresh": Weighted.of({"complete": 70, "partial": 20, "drop_out": 10}),
    "decomposed": POST_MORTEM_QUALITY,
    "skeletonised": Weighted.of({"complete": 25, "partial": 45, "drop_out": 30}),
    "burned": Weighted.of({"complete": 10, "partial": 40, "drop_out": 50}),
}
BELONGING_QUALITY = Weighted.of({"complete": 60, "partial": 25, "drop_out": 15})


def _write(run: Run, kind: str, subject: str, lab: str, genotype: Genotype, quality: str,
           population: str) -> str:
    sample_id = run.ids.new("sample")
    kit = run.world.kits.kit_of(lab)
    profile = typed_profile(genotype, run.world.panel_index, kit, quality,
                            run.world.kits.amplicon_bp, run.rng)
    run.delivery.write_profile(
        [(sample_id, kind, subject, lab, kit.name, locus, first, second, population)
         for locus, first, second in profile]
    )
    return sample_id


def reference_sample(run: Run, relative_id: str, genotype: Genotype, population: str) -> str:
    """A relative's reference sample (a good quality swab); the family's population is given
    most of the time."""
    lab = run.world.kits.reference_labs[population].pick(run.rng)
    stated = population if chance(run.rng, 0.7) else ""
    return _write(run, "reference", relative_id, lab, genotype, "reference", stated)


def personal_effect_sample(run: Run, report_id: str, genotype: Genotype, population: str) -> str:
    """DNA from the missing person's toothbrush, razor or clothes: a direct reference, often weak."""
    lab = run.world.kits.reference_labs[population].pick(run.rng)
    stated = population if chance(run.rng, 0.5) else ""
    return _write(run, "personal_effect", report_id, lab, genotype, BELONGING_QUALITY.pick(run.rng), stated)


def post_mortem_sample(run: Run, remains_id: str, genotype: Genotype, labs: tuple[str, ...],
                       condition: str, likely_population: str) -> str:
    """A sample from remains; the population is rarely known for an unidentified body."""
    lab = labs[run.rng.randrange(len(labs))]
    quality = QUALITY_BY_CONDITION[condition].pick(run.rng)
    stated = likely_population if chance(run.rng, 0.15) else ""
    return _write(run, "post_mortem", remains_id, lab, genotype, quality, stated)
