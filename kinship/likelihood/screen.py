"""Many post-mortem profiles against many families, vectorised with numpy.

For each locus the distinct post-mortem genotypes are numbered once (code 0 =
untyped). A family's LR at a locus depends only on the missing person's
genotype, so it is a row over those codes, computed by the same functions the
direct calculation uses (:mod:`kinship.likelihood.locus_ratios`):

* single references: one row per distinct reference genotype and relationship,
  from the vectorised pairwise formulas;
* several references: families that share a pedigree and show the same allele
  pattern at the locus are computed together in one enumeration, families
  with the same genotypes only once.

The rows of all loci are kept (log10 LR and a Mendelian-incompatibility
flag), then gathered for all profiles at once, a block of families at a time:
no Python code runs per pair. With ``workers > 1`` the families are cut into
pieces, by pedigree shape where possible, which forked processes take in turn;
a :class:`PieceRunner` (a Dask cluster, see ``tracegraph/cluster.py``) can run
the same pieces elsewhere. Each family is computed the same way whichever
piece holds it, so the results do not depend on how the work was split.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

from kinship.family import Family
from kinship.frequencies import UnknownPopulation, load_frequencies
from kinship.likelihood.compare import clean_profile
from kinship.likelihood.family_batch import FamilyAlleles, FamilyLayout, family_alleles_at
from kinship.likelihood.founder_mutation import founder_mutation_ratios, founders_pass_twice
from kinship.likelihood.locus import LocusAlleles, locus_alleles
from kinship.likelihood.locus_ratios import (
    LocusRatios,
    PreparedFamily,
    batched_pedigree_ratios,
    family_alleles,
    plausible_variants,
    populations_for,
    prepare_family,
    single_reference_ratios,
)
from kinship.likelihood.pedigree import Pedigree
from kinship.posterior import posterior_probability, prior_probability, ready_for_report
from kinship.profile import Genotype, Profile
from kinship.results import LocusResult, PairResult, ScreenResult, Skipped
from kinship.settings import KinshipSettings

# Job rows x profiles summed at once: a block's arrays stay in the processor's cache.
ELEMENTS_PER_BLOCK = 1 << 19

# A pedigree's shape: each person's parents and the missing person's place.
_Shape = tuple[tuple[tuple[int, int] | None, ...], int]


@dataclass(frozen=True)
class _Catalogue:
    """Distinct post-mortem genotypes at one locus and each profile's code (0 = untyped)."""

    genotypes: list[Genotype]
    codes: NDArray[np.int32]


@dataclass
class _Job:
    """One family: its accumulator rows are populations x pedigree variants."""

    prepared: PreparedFamily
    populations: tuple[str, ...]
    first_row: int = 0

    @property
    def rows(self) -> int:
        return len(self.populations) * self.prepared.variants

    def row(self, population_number: int, variant: int) -> int:
        return self.first_row + population_number * self.prepared.variants + variant

    @cached_property
    def placements(self) -> list[tuple[Pedigree, _Shape, dict[str, int]]]:
        """Per pedigree variant: the pedigree, its shape and each reference's position.

        Pedigrees are compared by shape: labels and sample ids differ between
        families, parents and the missing person's place do not.
        """
        return [
            (
                pedigree,
                (tuple(person.parents for person in pedigree.persons), pedigree.missing),
                {r.sample_id: pedigree.index_of(r.sample_id) for r in self.prepared.references},
            )
            for pedigree in self.prepared.pedigrees
        ]


@dataclass
class _LocusTable:
    """log10 LR and incompatibility rows of one locus; ``index`` maps job rows to table rows.

    The last row is all zeros (LR 1, compatible): job rows the locus does not
    concern point at it (index -1). ``pedigree_rows`` maps the table rows of pedigree
    families whose untyped parents pass alleles to two children to what recomputing an LR of
    0 with their transmissions mutated needs; ``rescued`` keeps those LRs (log10) by (table
    row, genotype code).
    """

    log10_lr: NDArray[np.float64]
    incompatible: NDArray[np.uint8]
    index: NDArray[np.int64]
    pedigree_rows: dict[int, tuple[Pedigree, FamilyAlleles, LocusAlleles]] = field(default_factory=dict)
    rescued: dict[tuple[int, int], float] = field(default_factory=dict)


@dataclass
class _Inputs:
    """Everything a worker needs, shared with forked workers without copying."""

    pm_ids: list[str]
    loci: list[str]
    catalogues: dict[str, _Catalogue]
    numbering: _Numbering
    settings: KinshipSettings
    jobs: list[_Job] = field(default_factory=list)
    # the loci of the pairs kept that are worth explaining, from the tables they were summed from
    explain: bool = True
    # by family id, the profiles (columns) whose pair is kept when excluded too
    also_excluded: dict[str, NDArray[np.int64]] = field(default_factory=dict)

    @property
    def typed_at(self) -> NDArray[np.float32]:
        """1 where a profile is typed at a locus (loci x profiles)."""
        return np.array([self.catalogues[locus].codes > 0 for locus in self.loci], dtype=np.float32)


class PieceRunner(Protocol):
    """Runs ``function(shared, piece)`` for every piece, wherever it likes (other processes,
    other machines), and returns the results in any order. ``workers`` is how many pieces it
    runs at once: the work is cut for that many."""

    workers: int

    def map(self, function: Callable[[Any, Any], Any], shared: Any, pieces: Sequence[Any]) -> list[Any]: ...


def screen(
    post_mortem: Mapping[str, Mapping[str, object]],
    families: Sequence[Family],
    settings: KinshipSettings,
    workers: int = 1,
    runner: PieceRunner | None = None,
    explain: bool = True,
    keep_excluded: Mapping[str, Collection[str]] | None = None,
) -> ScreenResult:
    """Compare every post-mortem profile with every family.

    ``post_mortem`` maps sample id to profile. Items that cannot be used (bad
    loci, unknown relationships, inconsistent pedigrees, unknown populations)
    are reported in ``ScreenResult.skipped`` and the rest goes on. ``workers``
    processes share the work (2 suits a two-core machine); a ``runner``, when
    given, takes the pieces instead (``workers`` is then its own). With
    ``explain``, each pair kept that is worth explaining (not excluded, LR
    above one) comes with its loci, as the direct calculation gives them.
    ``keep_excluded`` names, by family id, profiles whose pair with the family
    is kept when DNA excludes it too, with its LR as the direct calculation
    gives it (a locus at LR 0 computed with mutating founders).
    """
    result = ScreenResult()
    profiles: dict[str, Profile] = {}
    for sample_id, raw in post_mortem.items():
        profile, problems = clean_profile(sample_id, raw)
        profiles[sample_id] = profile
        result.skipped += problems
    pm_ids = list(profiles)
    result.post_mortem_screened = len(pm_ids)
    jobs = _prepare(families, settings, result)
    result.families_screened = len(jobs)
    if not pm_ids or not jobs:
        return result
    typed_somewhere = {locus for profile in profiles.values() for locus in profile}
    loci = sorted({locus for job in jobs for locus in job.prepared.typed_loci()} & typed_somewhere)
    catalogues = {locus: _catalogue(locus, pm_ids, profiles) for locus in loci}
    inputs = _Inputs(pm_ids, loci, catalogues, _Numbering(catalogues, jobs), settings, explain=explain)
    if keep_excluded:
        column = {sample_id: number for number, sample_id in enumerate(pm_ids)}
        for family_id, samples in keep_excluded.items():
            chosen = sorted(column[uid] for uid in samples if uid in column)
            if chosen:
                inputs.also_excluded[family_id] = np.array(chosen, dtype=np.int64)
    _report_missing_loci(inputs, profiles, jobs, result)
    pieces = _split(jobs, runner.workers if runner is not None else workers)
    if runner is None and len(pieces) == 1:
        partial = [_screen_jobs(inputs, pieces[0])]
    else:
        partial = (runner or ForkedRunner(workers)).map(screen_piece, inputs, pieces)
    for part in partial:
        result.pairs += part.pairs
        result.pairs_compared += part.pairs_compared
        result.pairs_excluded += part.pairs_excluded
    result.pairs.sort(key=lambda p: (p.family_id, -p.log10_lr, p.post_mortem_id))
    return result


class ForkedRunner:
    """A :class:`PieceRunner` over ``workers`` processes forked from this one, for one machine.

    ``shared`` reaches the workers through the fork, without being pickled (a screen's inputs are
    large); each piece and its result are. The pieces go to whichever worker is free. With one
    worker, or one piece, they run in this process.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def map(self, function: Callable[[Any, Any], Any], shared: Any, pieces: Sequence[Any]) -> list[Any]:
        if self.workers == 1 or len(pieces) <= 1:
            return [function(shared, piece) for piece in pieces]
        global _FORKED
        _FORKED = (function, shared)
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(min(self.workers, len(pieces)), initializer=_one_blas_thread) as pool:
                return list(pool.imap_unordered(_run_forked, pieces))
        finally:
            _FORKED = None


# What the forked workers of a ForkedRunner.map run: (function, shared), set before the fork.
_FORKED: tuple[Callable[[Any, Any], Any], Any] | None = None


def _run_forked(piece: Any) -> Any:
    assert _FORKED is not None
    function, shared = _FORKED
    return function(shared, piece)


_BLAS_LIMIT: list[object] = []


def _one_blas_thread() -> None:
    """One BLAS thread per worker: the workers already fill the cores, and BLAS threads that
    wait for work by spinning take the processor from the other workers."""
    _BLAS_LIMIT.append(threadpool_limits(limits=1))


def screen_piece(inputs: _Inputs, jobs: list[_Job]) -> ScreenResult:
    """One piece of a screen, run by a :class:`PieceRunner` (with one BLAS thread: the runner's
    workers already fill the cores)."""
    with threadpool_limits(limits=1):
        return _screen_jobs(inputs, jobs)


def _split(jobs: list[_Job], workers: int) -> list[list[_Job]]:
    """Pieces of work for ``workers`` processes, the costliest first.

    Families of one pedigree shape stay together, so that they are computed
    in the same enumerations, unless the shape is a large share of the work:
    then it is cut into pieces of similar cost. The pieces go to whichever
    worker is free, so an estimate that is off does not leave one idle.
    """
    if workers <= 1:
        return [jobs]
    by_shape: dict[object, list[_Job]] = defaultdict(list)
    for job in jobs:
        shape = tuple(tuple(p.parents for p in pedigree.persons) for pedigree in job.prepared.pedigrees)
        by_shape[shape or job.prepared.references[0].relationship].append(job)
    largest = max(1.0, sum(_cost(job) for job in jobs) / (workers * PIECES_PER_WORKER))
    pieces: list[list[_Job]] = []
    for group in by_shape.values():
        count = min(round(sum(_cost(job) for job in group) / largest), len(group) // FEWEST_FAMILIES_PER_PIECE)
        count = max(1, count, -(-len(group) // FAMILIES_PER_PIECE))
        size = -(-len(group) // count)
        pieces += [group[start : start + size] for start in range(0, len(group), size)]
    return sorted(pieces, key=lambda piece: sum(_cost(job) for job in piece), reverse=True)


# Pieces per worker: enough for the last ones to even out the workers' time,
# few enough that families computed together stay in large batches.
PIECES_PER_WORKER = 6
# A worker holds the LR tables of one piece (rows x distinct genotypes per locus):
# this bounds them when there are very many families.
FAMILIES_PER_PIECE = 2000
# Each piece computes its own tables for every locus: smaller pieces cost more than they even out.
FEWEST_FAMILIES_PER_PIECE = 200


def _cost(job: _Job) -> float:
    """Rough relative cost of a family: a pedigree where the missing person has children costs
    most (the typed form sums over every way of dividing the children's alleles, other such
    pedigrees need the enumeration), other pedigrees use a low-rank form, a single reference a
    formula."""
    if not job.prepared.pedigrees:
        return len(job.populations)
    pedigree = job.prepared.pedigrees[0]
    parent = any(pedigree.missing in (person.parents or ()) for person in pedigree.persons)
    return (40.0 if parent else 10.0) * len(job.populations) * job.prepared.variants


def _prepare(families: Sequence[Family], settings: KinshipSettings, result: ScreenResult) -> list[_Job]:
    jobs = []
    for family in families:
        prepared = prepare_family(family)
        result.skipped += prepared.skipped
        if prepared.check is not None and prepared.check.faults:
            result.family_checks.append(prepared.check)
        if not prepared.usable:
            continue
        try:
            _, populations = populations_for(family, settings)
        except UnknownPopulation as error:
            result.skipped.append(Skipped("family", family.family_id, str(error)))
            continue
        jobs.append(_Job(prepared, populations))
    return jobs


def _catalogue(locus: str, pm_ids: list[str], profiles: Mapping[str, Profile]) -> _Catalogue:
    index: dict[Genotype, int] = {}
    codes = np.zeros(len(pm_ids), dtype=np.int32)
    for position, sample_id in enumerate(pm_ids):
        genotype = profiles[sample_id].get(locus)
        if genotype is not None:
            codes[position] = index.setdefault(genotype, len(index) + 1)
    return _Catalogue(list(index), codes)


class _Numbering:
    """LocusAlleles per (population, locus), numbering every allele in the screen once."""

    def __init__(self, catalogues: Mapping[str, _Catalogue], jobs: list[_Job]) -> None:
        self.observed: dict[str, set[str]] = defaultdict(set)
        for locus, catalogue in catalogues.items():
            self.observed[locus] |= {a for g in catalogue.genotypes for a in g if a is not None}
        for job in jobs:
            for locus in catalogues:
                self.observed[locus] |= set(family_alleles(job.prepared, locus))
        self.cache: dict[tuple[str, str], LocusAlleles] = {}

    def get(self, population: str, locus: str) -> LocusAlleles:
        key = (population, locus)
        if key not in self.cache:
            self.cache[key] = locus_alleles(population, locus, self.observed[locus])
        return self.cache[key]


def _report_missing_loci(
    inputs: _Inputs, profiles: Mapping[str, Profile], jobs: list[_Job], result: ScreenResult
) -> None:
    """A profile locus the reporting database lacks is left out: say so once per sample."""
    for population in sorted({job.populations[0] for job in jobs if len(job.populations) == 1}):
        database = load_frequencies(population)
        for locus in inputs.loci:
            if database.has_locus(locus):
                continue
            for sample_id in inputs.pm_ids:
                if locus in profiles[sample_id]:
                    result.skipped.append(
                        Skipped("locus", sample_id, f"not in the norSTR {population} database; left out", locus)
                    )


def _screen_jobs(inputs: _Inputs, jobs: list[_Job]) -> ScreenResult:
    result = ScreenResult()
    rows = 0
    for job in jobs:
        job.first_row = rows
        rows += job.rows
    tables = {locus: _locus_table(inputs, jobs, locus, rows) for locus in inputs.loci}
    typed_at = inputs.typed_at
    block: list[_Job] = []
    for job in jobs:
        block.append(job)
        if (job.first_row + job.rows - block[0].first_row) * len(inputs.pm_ids) >= ELEMENTS_PER_BLOCK:
            _accumulate_block(inputs, block, tables, typed_at, result)
            block = []
    if block:
        _accumulate_block(inputs, block, tables, typed_at, result)
    return result


def _locus_table(inputs: _Inputs, jobs: list[_Job], locus: str, rows: int) -> _LocusTable:
    """Every family's LR row at ``locus``, computed in as few batches as possible.

    Families with the same pedigree shape and the same genotypes at the locus
    share one row.
    """
    settings = inputs.settings
    catalogue = inputs.catalogues[locus]
    singles: dict[tuple[str, str], dict[Genotype, list[int]]] = defaultdict(lambda: defaultdict(list))
    batches: dict[tuple[str, _Shape, FamilyLayout], tuple[Pedigree, dict[FamilyAlleles, list[int]]]] = {}
    for job in jobs:
        typed = [r for r in job.prepared.references if locus in r.profile]
        if not typed:
            continue
        populations = [(n, p) for n, p in enumerate(job.populations) if load_frequencies(p).has_locus(locus)]
        if not job.prepared.pedigrees:
            reference = job.prepared.references[0]
            for number, population in populations:
                singles[(population, reference.relationship)][reference.profile[locus]].append(job.row(number, 0))
            continue
        for variant, (pedigree, shape, positions) in enumerate(job.placements):
            family = family_alleles_at({positions[r.sample_id]: r.profile[locus] for r in typed})
            for number, population in populations:
                batch = batches.setdefault((population, shape, family.layout), (pedigree, defaultdict(list)))
                batch[1][family].append(job.row(number, variant))
    index = np.full(rows, -1, dtype=np.int64)
    parts_lr: list[NDArray[np.float64]] = []
    parts_incompatible: list[NDArray[np.bool_]] = []
    pedigree_rows: dict[int, tuple[Pedigree, FamilyAlleles, LocusAlleles]] = {}

    def store(ratios: LocusRatios, job_rows: list[list[int]]) -> int:
        """Append the table rows computed for these items; point their job rows at them."""
        stored = sum(len(part) for part in parts_lr)
        for position, where in enumerate(job_rows):
            index[where] = stored + position
        parts_lr.append(ratios.lr)
        parts_incompatible.append(ratios.incompatible)
        return stored

    for (population, relationship), by_genotype in singles.items():
        genotypes = list(by_genotype)
        alleles = inputs.numbering.get(population, locus)
        store(single_reference_ratios(relationship, genotypes, alleles, catalogue.genotypes, settings),
              [by_genotype[genotype] for genotype in genotypes])
    for (population, _, _), (pedigree, members) in batches.items():
        alleles = inputs.numbering.get(population, locus)
        families = list(members)
        # LRs of 0 are recomputed with mutating founders for the pairs not excluded only
        # (_rescue_zeros): most zeros belong to unrelated pairs, which many loci exclude.
        stored = store(batched_pedigree_ratios(pedigree, families, alleles, catalogue.genotypes, settings,
                                               rescue=False),
                       [members[family] for family in families])
        if settings.mutation_rate > 0.0 and founders_pass_twice(pedigree, families[0].layout):
            pedigree_rows.update({stored + n: (pedigree, family, alleles) for n, family in enumerate(families)})
    width = len(catalogue.genotypes)
    lr = np.vstack(parts_lr) if parts_lr else np.zeros((0, width))
    incompatible = np.vstack(parts_incompatible) if parts_incompatible else np.zeros((0, width), dtype=bool)
    log10_lr = np.zeros((lr.shape[0] + 1, width + 1))
    with np.errstate(divide="ignore"):
        log10_lr[:-1, 1:] = np.log10(lr)
    flags = np.zeros(log10_lr.shape, dtype=np.uint8)
    flags[:-1, 1:] = incompatible
    return _LocusTable(log10_lr, flags, index, pedigree_rows)


def _accumulate_block(
    inputs: _Inputs,
    jobs: list[_Job],
    tables: Mapping[str, _LocusTable],
    typed_at: NDArray[np.float32],
    result: ScreenResult,
) -> None:
    """Sum log10 LRs over loci for a block of families and keep the pairs worth reporting.

    A job row untyped at a locus points at the table's last row, all zeros,
    so every locus adds to the whole block at once; incompatible loci are
    counted, and named only for the pairs kept.
    """
    first = jobs[0].first_row
    last = jobs[-1].first_row + jobs[-1].rows
    shape = (last - first, len(inputs.pm_ids))
    log10_lr = np.zeros(shape)
    incompatible = np.zeros(shape, dtype=np.uint8)
    gathered = np.empty(shape)
    flags = np.empty(shape, dtype=np.uint8)
    typed = np.zeros((shape[0], len(inputs.loci)), dtype=np.float32)
    for number, locus in enumerate(inputs.loci):
        table = tables[locus]
        index = table.index[first:last]
        typed[:, number] = index >= 0
        if not typed[:, number].any():
            continue
        codes = inputs.catalogues[locus].codes
        np.take(table.log10_lr[index], codes, axis=1, out=gathered)
        log10_lr += gathered
        np.take(table.incompatible[index], codes, axis=1, out=flags)
        incompatible += flags
    also = np.zeros(shape, dtype=bool)
    for job in jobs:
        columns = inputs.also_excluded.get(job.prepared.family.family_id)
        if columns is not None:
            also[job.first_row - first : job.first_row - first + job.rows, columns] = True
    _rescue_zeros(inputs, tables, first, log10_lr, incompatible, also)
    compared = (typed @ typed_at).astype(np.int16)
    kept = [(job, *pair) for job in jobs
            for pair in _collect(inputs, job, first, log10_lr, incompatible, compared, also, result)]
    rows = np.array([first + row for _, row, _, _ in kept], dtype=np.int64)
    columns = np.array([column for _, _, column, _ in kept], dtype=np.int64)
    named = np.zeros((len(inputs.loci), len(kept)), dtype=bool)
    for number, locus in enumerate(inputs.loci):
        table = tables[locus]
        named[number] = table.incompatible[table.index[rows], inputs.catalogues[locus].codes[columns]]
    pairs = []
    for position, (_, _, _, fields) in enumerate(kept):
        names = tuple(locus for number, locus in enumerate(inputs.loci) if named[number, position])
        pairs.append(PairResult(incompatible_loci=names, **fields))  # type: ignore[arg-type]
    if inputs.explain:
        worth = [position for position, pair in enumerate(pairs) if pair.worth_explaining]
        loci = _loci_of(inputs, tables, [kept[position][0] for position in worth], rows[worth], columns[worth])
        for position, explained in zip(worth, loci):
            pairs[position] = replace(pairs[position], loci=explained)
    result.pairs += pairs


def _loci_of(inputs: _Inputs, tables: Mapping[str, _LocusTable], jobs: list[_Job], rows: NDArray[np.int64],
             columns: NDArray[np.int64]) -> list[tuple[LocusResult, ...]]:
    """The loci of pairs (a job, its row and a profile's column each), from the tables their LRs
    were summed from: every locus both sides are typed at, in the screen's order (sorted, as the
    direct calculation adds them), at the row's population and pedigree variant, an LR of 0
    recomputed with mutating founders where the sum took that (``_rescue_zeros``)."""
    loci: list[list[LocusResult]] = [[] for _ in jobs]
    for locus in inputs.loci:
        table, catalogue = tables[locus], inputs.catalogues[locus]
        at, codes = table.index[rows], catalogue.codes[columns]
        values, flags = table.log10_lr[at, codes], table.incompatible[at, codes]
        for n in np.flatnonzero((at >= 0) & (codes > 0)).tolist():
            key = (int(at[n]), int(codes[n]))
            loci[n].append(LocusResult(locus=locus, lr=10.0 ** table.rescued.get(key, float(values[n])),
                                       incompatible=bool(flags[n]),
                                       missing_genotype=catalogue.genotypes[key[1] - 1],
                                       reference_genotypes=jobs[n].prepared.genotypes_at(locus)))
    return [tuple(found) for found in loci]


def _rescue_zeros(
    inputs: _Inputs,
    tables: Mapping[str, _LocusTable],
    first: int,
    log10_lr: NDArray[np.float64],
    incompatible: NDArray[np.uint8],
    also: NDArray[np.bool_],
) -> None:
    """Sum again, for the pairs at LR 0 that are not excluded (or are kept excluded: ``also``), with
    each locus at LR 0 computed with the untyped parents' transmissions mutated (as
    ``batched_pedigree_ratios`` does for a direct comparison;
    :mod:`kinship.likelihood.founder_mutation`).

    The tables themselves are left as they are, so the result of a pair never depends on which
    other pairs were summed before it.
    """
    pairs = np.argwhere(np.isneginf(log10_lr) & ((incompatible <= inputs.settings.max_incompatible_loci) | also))
    if not pairs.size or not any(table.pedigree_rows for table in tables.values()):
        return
    # What to compute again, by locus and enumeration (pedigree, layout, alleles): the table rows
    # (families) and the (row, genotype code) cells, each once.
    groups: dict[tuple[str, int, FamilyLayout, int], dict[tuple[int, int], None]] = defaultdict(dict)
    for locus in inputs.loci:
        table = tables[locus]
        if not table.pedigree_rows:
            continue
        rows = table.index[first + pairs[:, 0]]
        codes = inputs.catalogues[locus].codes[pairs[:, 1]]
        zero = np.isneginf(table.log10_lr[rows, codes])
        for row, code in zip(rows[zero].tolist(), codes[zero].tolist()):
            if row in table.pedigree_rows and (row, code) not in table.rescued:
                pedigree, family, alleles = table.pedigree_rows[row]
                groups[(locus, id(pedigree), family.layout, id(alleles))][(row, code)] = None
    for (locus, _, _, _), cells in groups.items():
        table = tables[locus]
        genotypes = inputs.catalogues[locus].genotypes
        rows_of = {row: number for number, row in enumerate(dict.fromkeys(row for row, _ in cells))}
        pedigree, _, alleles = table.pedigree_rows[next(iter(rows_of))]
        ratios = founder_mutation_ratios(pedigree, [table.pedigree_rows[row][1] for row in rows_of], alleles,
                                         [(rows_of[row], genotypes[code - 1]) for row, code in cells],
                                         inputs.settings)
        with np.errstate(divide="ignore"):
            table.rescued.update(zip(cells, np.log10(ratios).tolist()))
    totals = np.zeros(len(pairs))
    for locus in inputs.loci:
        table = tables[locus]
        rows = table.index[first + pairs[:, 0]]
        codes = inputs.catalogues[locus].codes[pairs[:, 1]]
        values = table.log10_lr[rows, codes]
        if table.rescued:
            for n in np.flatnonzero(np.isneginf(values) & (rows >= 0)).tolist():
                values[n] = table.rescued.get((int(rows[n]), int(codes[n])), values[n])
        totals += values
    log10_lr[pairs[:, 0], pairs[:, 1]] = totals


def _collect(
    inputs: _Inputs,
    job: _Job,
    offset: int,
    log10_lr: NDArray[np.float64],
    incompatible: NDArray[np.uint8],
    compared: NDArray[np.int16],
    also: NDArray[np.bool_],
    result: ScreenResult,
) -> list[tuple[int, int, dict[str, object]]]:
    """Reduce a family's rows to one value per profile and count the pairs compared and excluded.

    The least favourable plausible pedigree variant counts (see
    ``plausible_variants``), then the least favourable population when
    ancestry is unknown. Returns the pairs worth reporting, and the
    excluded pairs ``also`` names (the job's rows: ``keep_excluded``), as
    (row in the block, profile column, fields of the result but its
    incompatible loci).
    """
    settings = inputs.settings
    variants = job.prepared.variants
    columns = np.arange(log10_lr.shape[1])
    totals, chosen = [], []
    for number, population in enumerate(job.populations):
        start = job.row(number, 0) - offset
        block = log10_lr[start : start + variants]
        if variants > 1:
            block = np.where(plausible_variants(job.prepared, population, settings)[:, None], block, np.inf)
        best = np.argmin(block, axis=0)
        totals.append(block[best, columns])
        chosen.append(start + best)
    per_population = np.vstack(totals)
    which = np.argmin(per_population, axis=0)
    final = per_population[which, columns]
    rows = np.vstack(chosen)[which, columns]
    counts = incompatible[rows, columns]
    loci_compared = compared[rows, columns]
    excluded = counts > settings.max_incompatible_loci
    any_compared = loci_compared > 0
    result.pairs_compared += int(any_compared.sum())
    result.pairs_excluded += int((excluded & any_compared).sum())
    candidates = np.flatnonzero(any_compared & ~excluded)
    keep = set(_best(final, candidates, settings.keep_top_per_family).tolist())
    keep |= set(np.flatnonzero(any_compared & (final >= settings.keep_min_log10_lr)).tolist())
    keep |= set(np.flatnonzero(any_compared & excluded & also[job.first_row - offset]).tolist())
    family = job.prepared.family
    prior = prior_probability(family, settings)
    kept = []
    for column in sorted(keep):
        posterior = posterior_probability(float(final[column]), prior)
        variant = int(rows[column] + offset - job.first_row) % variants
        fields: dict[str, object] = dict(
            family_id=family.family_id,
            post_mortem_id=inputs.pm_ids[column],
            log10_lr=float(final[column]),
            loci_compared=int(loci_compared[column]),
            excluded=bool(excluded[column]),
            population=job.populations[int(which[column])],
            stated_population=family.population,
            log10_lr_by_population={p: float(per_population[i, column]) for i, p in enumerate(job.populations)},
            theta=settings.theta,
            mutation_model=settings.mutation_model,
            mutation_rate=settings.mutation_rate,
            prior=prior,
            posterior=posterior,
            ready_for_report=ready_for_report(posterior, bool(excluded[column]), settings),
            pedigree=job.prepared.pedigrees[variant].description if job.prepared.pedigrees else "pairwise",
        )
        kept.append((int(rows[column]), column, fields))
    return kept


def _best(values: NDArray[np.float64], candidates: NDArray[np.int64], count: int) -> NDArray[np.int64]:
    """The ``count`` candidates with the largest values, ties to the earlier candidate.

    Only the candidates reaching the ``count``-th largest value are sorted.
    """
    chosen = values[candidates]
    if 0 < count < chosen.size and not np.isnan(chosen).any():
        threshold = np.partition(chosen, chosen.size - count)[chosen.size - count]
        candidates = candidates[chosen >= threshold]
        chosen = values[candidates]
    return candidates[np.argsort(-chosen, kind="stable")[:count]]
