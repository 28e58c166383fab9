"""DNA rows of a sample already met take a shortcut; it must end exactly where the usual way does."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cells import Cells
from ingest.formats.base import LoadContext
from ingest.formats.interchange.dna import DnaProfilesAdapter

from .conftest import read_csv, write_csv

pytestmark = pytest.mark.neo4j

HEADER = ["sample_id", "sample_kind", "subject_ref", "lab", "kit", "locus", "allele1", "allele2", "population"]

# Clean rows and every way a row can differ from its sample's first row.
ROWS = [
    ["S1", "post_mortem", "R1", "LabA", "", "D3S1358", "15", "16", ""],
    ["S1", "post_mortem", "R1", "LabA", "", "vWA", "17", "18", ""],
    ["S1", "post_mortem", "R1", "LabA", "", "vWA", "17", "19", ""],  # locus given twice
    ["S1", "post_mortem", "R1", "LabB", "", "TH01", "6", "9.3", ""],  # another lab
    ["S1", "post_mortem", "R1", "", "", "FGA", "22", "", ""],  # lab left out, one allele
    ["S1", "post_mortem", "R1", "LabA", "KitX", "D8S1179", "13", "14", ""],  # kit given late
    ["S1", "post_mortem", "R1", "LabA", "KitX", "D21S11", "30.2", "29", ""],  # alleles out of order
    ["S1", "Post-Mortem", "R1", "LabA", "KitX", "D18S51", "14", "15", ""],  # kind spelled otherwise
    ["S1", "post_mortem", "R1", "LabA", "KitX", "AMEL", "x", "Y", ""],  # sex locus, lower case
    ["S1", "post_mortem", "R1", "LabA", "KitX", "Foo1", "3", "4", ""],  # not a norSTR marker
    ["S1", "post_mortem", "R1", "LabA", "KitX", "TPOX", "NA", "", ""],  # empty marker, required
    ["S1", "post_mortem", "R1", "LabA", "KitX", "CSF1PO", " 10 ", "12", ""],  # spaces
    ["S1", "post_mortem", "R1", "LabA", "KitX", "D16S539", "abc", "12", ""],  # not an allele
    ["S1", "post_mortem", "R1", "LabA", "KitX", "D2S1338", "19", "N/A", ""],  # empty marker
    ["S1", "post_mortem", "R1", "LabA", "KitX", "penta e", "12", "013", ""],  # other spelling
    ["S1", "post_mortem", "R2", "LabA", "KitX", "D19S433", "14", "15", ""],  # another subject
    ["S1", "post_mortem", "R1", "LabA", "KitX", "D5S818", "11"],  # too few fields
    ["S2", "reference", "P1", "", "", "D3S1358", "15", "15", ""],
    ["S2", "reference", "P1", "", "", "vWA", "16", "17", ""],
    ["S2", "reference", "P1", "", "", "D7S820", "10", "11", "Africa"],  # population given late
    ["S2", "reference", "P1", "", "", "D13S317", "11", "12", "-"],  # empty marker
    ["S2", "reference", "P1", "", "", "D3S1358", "15", "15", ""],  # locus given twice
    ["S2", "reference", "P1", "", "", "TH01", "7", "9,3", ""],  # comma for the decimal point
]


def _load(load, store, folder: Path) -> dict:
    store.delete_everything()
    result = load("interchange", folder, agency="LAB", rejects_dir=folder / "rejects")
    summary = result.summaries[0]
    profiles = store.read(
        "MATCH (p:DNAProfile)-[:SAMPLED_FROM]->(s) RETURN p.sample_id AS sample, p.genotypes AS genotypes, "
        "p.loci_typed AS loci, p.lab AS lab, p.kit AS kit, p.population AS population, "
        "p.sample_kind AS kind, s.uid AS subject ORDER BY sample")
    return {"summary": (summary.rows_read, summary.loaded, summary.rejected, summary.warnings,
                        summary.empty_markers),
            "rejects": read_csv(folder / "rejects" / "dna_profiles.rejects.csv"),
            "profiles": profiles}


def test_shortcut_ends_where_the_usual_way_does(load, store, tmp_path, monkeypatch):
    folder = tmp_path / "delivery"
    write_csv(folder / "dna_profiles.csv", HEADER, ROWS)
    quick = _load(load, store, folder)
    monkeypatch.setattr(DnaProfilesAdapter, "quick_rows", lambda self, header: None)
    usual = _load(load, store, folder)
    assert quick == usual
    rows_read, loaded, rejected, _, _ = quick["summary"]
    assert (rows_read, loaded + rejected) == (len(ROWS), len(ROWS))
    assert rejected == 8
    assert len(quick["profiles"]) == 2


def test_shortcut_takes_the_clean_rows_of_a_sample_already_met():
    adapter = DnaProfilesAdapter()
    take = adapter.quick_rows(HEADER)
    assert not take(2, ROWS[0])  # the sample's first row goes the usual way
    adapter.transform(Cells(dict(zip(HEADER, ROWS[0])), 2), LoadContext("LAB", "dna_profiles.csv"))
    assert take(3, ROWS[1])
    assert not take(4, ROWS[2])  # vWA again
    assert not take(5, ROWS[3])  # another lab
    assert not take(8, ROWS[6])  # a kit the sample does not have yet
    [graph] = adapter.finish(LoadContext("LAB", "dna_profiles.csv"))
    assert graph.lines == [2, 3]
    assert graph.primary_properties()["genotypes"] == ["D3S1358=15,16", "vWA=17,18"]
