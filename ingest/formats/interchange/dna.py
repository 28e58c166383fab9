"""dna_profiles.csv: STR genotypes, one row per locus per sample, gathered into one DNAProfile.

The genotypes stay on the DNAProfile node (`genotypes`: `LOCUS=a,b`, or `LOCUS=a,` when only one
allele was seen, a possible drop-out), which is restricted to DNA-cleared users whatever the
row's sharing says; nothing genotype-like is put on any other node. A sample's rows may be
anywhere in the file, so samples are gathered while the file is read (a few dozen short strings
each) and written once it has been read whole.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from kinship import POPULATIONS, load_frequencies, normalise_allele
from normalise.cell_text import is_empty_marker

from ...cells import Cells
from ...graph import NodeRef, RecordGraph
from ..base import Adapter, LoadContext, uid
from ..people import supplied_by

SAMPLE_KINDS = ("post_mortem", "reference", "personal_effect")
SEX_LOCI = {"amel", "amelogenin"}
_SAMPLE_FIELDS = ("sample_kind", "subject_ref", "lab", "kit", "population")


def _fold_locus(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).casefold()


@lru_cache(maxsize=1)
def _canonical_loci() -> dict[str, str]:
    """norSTR marker names by folded spelling, so `PENTA_E` and `Penta E` meet."""
    names: dict[str, str] = {}
    for population in POPULATIONS:
        for locus in load_frequencies(population).loci:
            names.setdefault(_fold_locus(locus), locus)
    return names


@lru_cache(maxsize=1)
def _known_loci() -> frozenset[str]:
    return frozenset(_canonical_loci().values())


@dataclass
class _Sample:
    """One sample while its file is read: kept compact, a file may hold millions of rows.

    `typed` has the bit of each locus the sample has (see `DnaProfilesAdapter._locus_bit`), so a
    locus given twice is found without reading the genotypes; `cells` is the sample's fields as
    its rows' cells write them ("" for none), worked out once and again when a field is filled.
    """

    fields: dict[str, str | None]
    lines: array = field(default_factory=lambda: array("I"))
    genotypes: list[str] = field(default_factory=list)
    typed: int = 0
    cells: tuple[str, ...] | None = None

    def add(self, locus_bit: int, genotype: str, line: int) -> None:
        """One more locus of the sample, from `line`."""
        self.genotypes.append(genotype)
        self.lines.append(line)
        self.typed |= locus_bit

    def field_cells(self) -> tuple[str, ...]:
        """The sample's fields in `_SAMPLE_FIELDS` order, as cells."""
        if self.cells is None:
            self.cells = tuple(self.fields[name] or "" for name in _SAMPLE_FIELDS)
        return self.cells

    def line_of(self, locus: str) -> int | None:
        """The line that gave `locus`, if one did."""
        prefix = locus + "="
        for index, genotype in enumerate(self.genotypes):
            if genotype.startswith(prefix):
                return self.lines[index]
        return None


class DnaProfilesAdapter(Adapter):
    kind = "dna_profiles"
    primary_label = "DNAProfile"
    columns = ("sample_id", "sample_kind", "subject_ref", "lab", "kit", "locus", "allele1", "allele2",
               "population")
    required_columns = ("sample_id", "sample_kind", "subject_ref", "locus", "allele1")
    id_column = "locus"

    def __init__(self) -> None:
        self._samples: dict[str, _Sample] = {}
        self._locus_names: dict[str, str] = {}
        self._locus_bits: dict[str, int] = {}

    def _locus_bit(self, locus: str) -> int:
        """A bit of its own for each locus name met in the file (a few dozen)."""
        bit = self._locus_bits.get(locus)
        if bit is None:
            bit = self._locus_bits[locus] = 1 << len(self._locus_bits)
        return bit

    def identity(self, cells: Cells) -> str | None:
        # A locus given twice for a sample is found in the sample itself (see `transform`), so
        # the file's millions of sample/locus pairs are not held a second time.
        return None

    def _locus(self, text: str) -> str:
        canonical = self._locus_names.get(text)
        if canonical is None:
            canonical = self._locus_names[text] = _canonical_loci().get(_fold_locus(text), text)
        return canonical

    def _allele(self, cells: Cells, column: str, locus: str, *, required: bool) -> str | None:
        value = cells.text(column, key=required)
        if value is None:
            return None
        allele = _plain_allele(value, locus)
        if allele is None:
            cells.problem(column, f"{value!r} is not a repeat number such as 14 or 9.3")
        return allele

    def quick_rows(self, header: list[str]) -> Callable[[int, list[str]], bool]:
        """Takes a row of a sample already met whose cells are clean and say what the sample's
        first row said: its locus and alleles are checked once per spelling, not once per row."""
        position = {column: index for index, column in enumerate(header)}
        width = len(header)
        at_sample, at_locus, at_first = position["sample_id"], position["locus"], position["allele1"]
        at_second = position.get("allele2")
        at_fields = [position.get(name) for name in _SAMPLE_FIELDS]
        if None in at_fields:
            def row_fields(cells: list[str]) -> tuple[str, ...]:
                return tuple(cells[index] if index is not None else "" for index in at_fields)
        else:
            row_fields = itemgetter(*at_fields)  # type: ignore[assignment]
        # (locus, allele1, allele2) as written -> (locus's bit, `LOCUS=a,b`), or None.
        genotypes: dict[tuple[str, str, str], tuple[int, str] | None] = {}

        def take(line: int, cells: list[str]) -> bool:
            if len(cells) != width:
                return False
            sample = self._samples.get(cells[at_sample])
            if sample is None or row_fields(cells) != sample.field_cells():
                return False
            key = (cells[at_locus], cells[at_first], cells[at_second] if at_second is not None else "")
            if key in genotypes:
                found = genotypes[key]
            else:
                clean = self._clean_genotype(*key)
                found = genotypes[key] = None if clean is None else (self._locus_bit(clean[0]), clean[1])
            if found is None or sample.typed & found[0]:
                return False
            sample.add(found[0], found[1], line)
            return True

        return take

    def _clean_genotype(self, locus_text: str, first_text: str, second_text: str) -> tuple[str, str] | None:
        """(`LOCUS`, `LOCUS=a,b`) for cells that `transform` takes without a word, else None."""
        for text in (locus_text, first_text, second_text):
            if text and (not text.isascii() or text != text.strip() or is_empty_marker(text)):
                return None
        if not locus_text or not first_text:
            return None
        locus = self._locus(locus_text)
        if locus not in _known_loci():
            return None
        first = _plain_allele(first_text, locus)
        second = _plain_allele(second_text, locus) if second_text else None
        if first is None or (second_text and second is None):
            return None
        alleles = sorted([first, second], key=_allele_order) if second else [first, ""]
        return locus, f"{locus}={','.join(alleles)}"  # type: ignore[arg-type]

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        sample_id = cells.text("sample_id", key=True)
        kind = cells.choice("sample_kind", SAMPLE_KINDS, key=True)
        subject = cells.text("subject_ref", key=True)
        locus_text = cells.text("locus", key=True)
        population = cells.choice("population", POPULATIONS)
        locus = self._locus(locus_text) if locus_text else ""
        first = self._allele(cells, "allele1", locus, required=True)
        second = self._allele(cells, "allele2", locus, required=False)
        # A row is one locus of a sample: a cell it cannot use leaves the locus untyped, so the
        # row is rejected (the sample keeps its other loci).
        for item in cells.dropped:
            cells.reject(item.column, item.reason)
        cells.dropped.clear()
        if cells.problems or sample_id is None:
            return None
        sample = self._samples.get(sample_id)
        locus_bit = self._locus_bit(locus)
        if sample is not None and sample.typed & locus_bit:
            cells.reject("locus", f"duplicate id '{sample_id}/{locus}' within the file "
                                  f"(first on line {sample.line_of(locus)})")
            return None
        fields = {"sample_kind": kind, "subject_ref": subject, "lab": cells.text("lab"),
                  "kit": cells.text("kit"), "population": population}
        if sample is not None:
            filled = {}
            for name in _SAMPLE_FIELDS:
                given, known = fields[name], sample.fields[name]
                if given and known and given != known:
                    cells.reject(name, f"{given!r} differs from {known!r} given for sample {sample_id} "
                                       f"on line {sample.lines[0]}")
                elif given and not known:
                    filled[name] = given
            if cells.problems:
                return None
            if filled:
                sample.fields.update(filled)
                sample.cells = None
        else:
            sample = self._samples[sample_id] = _Sample(fields)
        if locus not in _known_loci():
            cells.warn("locus", f"{locus!r} is not a norSTR marker; kept, but kinship screening skips it")
        alleles = sorted([first, second], key=_allele_order) if second else [first, ""]
        sample.add(locus_bit, f"{locus}={','.join(alleles)}", cells.line)  # type: ignore[arg-type]
        return None

    def finish(self, context: LoadContext) -> Iterable[RecordGraph]:
        for sample_id, sample in self._samples.items():
            yield self._graph(sample_id, sample, context)
        self._samples = {}

    @staticmethod
    def _graph(sample_id: str, sample: _Sample, context: LoadContext) -> RecordGraph:
        sample_uid = uid(context.agency, sample_id)
        graph = RecordGraph(NodeRef("DNAProfile", sample_uid), sample_id, context.sharing, list(sample.lines))
        fields = sample.fields
        profile = graph.record("DNAProfile", sample_uid, {
            "sample_id": sample_id,
            **fields,
            "genotypes": sorted(sample.genotypes),
            "loci_typed": len(sample.genotypes),
            "restricted": True,
        })
        subject = fields["subject_ref"] or ""
        if fields["sample_kind"] == "post_mortem":
            target = graph.reference("Remains", uid(context.agency, subject), {"record_id": subject})
        elif fields["sample_kind"] == "reference":
            target = graph.reference("Person", uid(context.agency, subject), {"role": "relative", "record_id": subject})
        else:
            target = graph.reference("Person", uid(context.agency, subject) + "#missing", {"role": "missing"})
        graph.link("SAMPLED_FROM", profile, target)
        supplied_by(graph, profile, context.agency)
        return graph


def _plain_allele(value: str, locus: str) -> str | None:
    """The allele as stored (`9.3`, `14`, `X`), or None when it is not one."""
    if value.upper() in {"X", "Y"} and locus.casefold() in SEX_LOCI:
        return value.upper()
    if value.isdigit():
        return str(int(value))
    try:
        return normalise_allele(value)
    except ValueError:
        return None


def _allele_order(allele: str | None) -> tuple[int, float, str]:
    try:
        return (0, float(allele or ""), "")
    except ValueError:
        return (1, 0.0, allele or "")
