"""A family whose references contradict their stated pedigree is flagged on the case page: the
loci and relatives at fault, the samples named only to DNA-cleared users."""

from __future__ import annotations

import json

from kinship import Family, Reference, check_family
from kinship.profile import parse_profile


def flagged_check() -> dict:
    def ref(sample, relationship, sex=None, **loci):
        return Reference(sample, relationship, parse_profile(sample, loci)[0], sex)
    mother = ref("AAA:S-REF1", "mother", "female", D3S1358="15,16", vWA="17,18", FGA="21,24", D8S1179="12,13")
    sibling = ref("AAA:S-REF2", "full_sibling", D3S1358="15,19", vWA="11,12", FGA="21,22", D8S1179="16,17")
    check = check_family(Family("AAA:R1", (mother, sibling), "europe"))
    assert check.inconsistent
    return check.as_dict()


def test_the_case_page_shows_the_family_data_flag(graph, client_for):
    graph.write("MATCH (r:Report {uid: 'AAA:R1'}) SET r.family_data_inconsistent = true, r.family_data_check = $c",
                {"c": json.dumps(flagged_check())})
    cleared = client_for("inv").get("/cases/AAA:R1").get_data(as_text=True)
    assert 'id="family-data-inconsistent"' in cleared
    assert "Family data inconsistent</strong> (loci D8S1179, vWA)" in cleared
    assert "AAA:S-REF2 (full sibling)" in cleared and "Screened without AAA:S-REF2 (full sibling)" in cleared
    plain = client_for("inv-nodna").get("/cases/AAA:R1").get_data(as_text=True)
    assert "Family data inconsistent</strong> (loci D8S1179, vWA)" in plain
    assert "Screened without the full sibling" in plain and "S-REF2" not in plain
    api = client_for("inv-nodna").get("/api/cases/AAA:R1").get_json()
    assert "family_data_check" not in api["report"] and api["family_check"]["loci"] == ["D8S1179", "vWA"]
    entity = client_for("inv-nodna").get("/api/entity/Report/AAA:R1").get_json()["node"]["properties"]
    assert entity["family_data_inconsistent"] is True and "family_data_check" not in entity
    assert "family_data_check" in client_for("inv").get("/api/cases/AAA:R1").get_json()["report"]


def test_a_consistent_family_shows_no_flag(graph, client_for):
    graph.write("MATCH (r:Report {uid: 'AAA:R1'}) SET r.family_data_inconsistent = false")
    assert 'id="family-data-inconsistent"' not in client_for("inv").get("/cases/AAA:R1").get_data(as_text=True)
