"""The match's per-pair costs that grew with the graph, made flat without changing one candidate.

A pair's description evidence counts how many records of the candidate's kind and sex carry the
agreeing items. Those counts were intersections of the whole graph's arrays of men or women for
every pair scored; they are now taken through a mask of each sex and cached per kind, sex and
words (`identify.evidence.rarity`). `PlainRarity` below counts as before, every restriction and
joint count an intersection of the whole arrays, nothing cached: a match run with it and one with
the real `Rarity` must write exactly the same graph.

After each batch that created candidates, a run applied every confirmed identification's rule
over the whole graph (`review_settle` with no candidates given); it now does so once, then only for
the confirmations near the batch's new candidates (`review_confirmed_near`). `SettleWhole` runs as
before: both leave no open candidate next to a confirmation after any batch, and the same graph.
"""

from __future__ import annotations

import numpy as np
import pytest

from graphmodel.fingerprint import fingerprint
from identify.evidence.rarity import Rarity, RecordTerms
from identify.match import MatchRun, run_match
from queries.catalog import named_query

AGENCY = "SCALE"
# A run's own clock: when each report was matched and each candidate or result written.
TIMES = ("matched_at", "created_at", "second_look_at", "settled_at")


class PlainRarity(Rarity):
    """The counts as intersections of whole arrays, computed again for every pair."""

    def of_same_sex(self, records, sex):
        same_sex = self.of_sex(sex)
        return records if same_sex is None else np.intersect1d(records, same_sex, assume_unique=True)

    def describing_as(self, kind, name, sex):
        return self.of_same_sex(self.describing(kind, name), sex)

    def agreeing(self, kind, name, token_sets, sex):
        return (self.of_same_sex(self.records_with_all(kind, name, token_sets), sex),
                self.describing_as(kind, name, sex))

    def together(self, kind, steps, sex):
        together = among = None
        for name, token_sets in steps:
            carrying, describing = self.agreeing(kind, name, token_sets, sex)
            if together is None:
                together, among = carrying, describing
            else:
                together = np.intersect1d(together, carrying, assume_unique=True)
                among = np.intersect1d(among, describing, assume_unique=True)
        return together, among


def forget_matching(store) -> None:
    store.write("MATCH (c:Candidate) DETACH DELETE c", {})
    store.write("MATCH (r:Report) WHERE r.matched_at IS NOT NULL REMOVE r.matched_at", {})


def test_the_sex_mask_and_the_caches_count_what_the_intersections_count():
    words = ("ring silver", "scar knee left", "jeans blue", "ring gold", "jacket black", "scar arm")
    records = [RecordTerms(f"R{i}", ("remains", "sighting")[i % 2], sex=(None, "M", "F", "X")[(i // 2) % 4],
                           marks=(words[i % 6],), clothing=(words[(i * 7) % 6],),
                           personal_effects=(words[(i * 5) % 6],) if i % 3 else ())
               for i in range(400)]
    real, plain = Rarity(records), PlainRarity(records)
    for kind in ("remains", "sighting"):
        for sex in (None, "M", "F", "X"):
            steps = ()
            for name, text in (("marks", "ring"), ("clothing", "jeans"), ("personal_effects", "scar")):
                token_sets = (frozenset({text}),)
                for got, expected in zip(real.agreeing(kind, name, token_sets, sex),
                                         plain.agreeing(kind, name, token_sets, sex)):
                    assert got.tolist() == expected.tolist()
                steps += ((name, token_sets),)
                for got, expected in zip(real.together(kind, steps, sex), plain.together(kind, steps, sex)):
                    assert got.tolist() == expected.tolist()
            assert real.describing_as(kind, "marks", sex).tolist() == plain.describing_as(kind, "marks", sex).tolist()
    # what the cases above must cover: a sex with records, one restricted to nothing, and joint counts
    assert len(real.agreeing("remains", "marks", (frozenset({"ring"}),), "M")[0]) > 0
    assert len(real.agreeing("remains", "marks", (frozenset({"ring"}),), "X")[0]) > 0  # unknown: any sex


@pytest.mark.neo4j
def test_a_match_writes_the_same_candidates_as_with_the_counts_intersected_whole(load_scenario, _session_store,
                                                                                  monkeypatch):
    store = _session_store
    load_scenario(200, 29, AGENCY)
    run_match(store)
    fast = fingerprint(store, times=TIMES)
    rows = store.read("MATCH (c:Candidate) RETURN count(c) AS candidates, "
                      "sum(CASE WHEN c.evidence CONTAINS 'fields before together' THEN 1 ELSE 0 END) AS joint, "
                      "sum(CASE WHEN c.evidence =~ '.* [MF] (remains|sighting|report) records describing.*' "
                      "THEN 1 ELSE 0 END) AS of_one_sex", {})[0]
    # the scenario exercises what changed: counts restricted to a sex, and joint counts of fields
    assert rows["candidates"] > 1000 and rows["joint"] > 0 and rows["of_one_sex"] > 100

    forget_matching(store)
    assert fingerprint(store, times=TIMES) != fast
    monkeypatch.setattr("identify.world.Rarity", PlainRarity)
    run_match(store)
    assert fingerprint(store, times=TIMES) == fast


class SettleWhole(MatchRun):
    """A run applying every confirmation's rule over the whole graph after each batch, as before."""

    def _settle(self, created):
        settle = named_query("review_settle")
        self.store.write(settle.text, settle.bind({"candidates": None, "at": self.now}))


OPEN_NEXT_TO_CONFIRMED = """
MATCH (r:Report)-[:HAS_CANDIDATE]->(done:Candidate {review_status: 'confirmed'})-[:PROPOSES]->(t)
WHERE done.candidate_kind <> 'report'
OPTIONAL MATCH (r)-[:HAS_CANDIDATE]->(same_report:Candidate)
WHERE same_report <> done AND same_report.candidate_kind IN ['remains', 'sighting']
  AND same_report.review_status IN ['proposed', 'under_review', 'confirmation_proposed']
OPTIONAL MATCH (t)<-[:PROPOSES]-(same_record:Candidate)
WHERE same_record <> done AND same_record.review_status IN ['proposed', 'under_review', 'confirmation_proposed']
RETURN count(DISTINCT same_report) + count(DISTINCT same_record) AS open
"""


@pytest.mark.neo4j
def test_each_batch_settles_its_new_candidates_as_settling_the_whole_graph_did(load_scenario, _session_store):
    store = _session_store
    load_scenario(200, 31, AGENCY)
    run_match(store)
    # five reports' best remains candidates confirmed, each on a record of its own, their rule applied
    confirmed = [row["uid"] for row in store.read(
        "MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate {candidate_kind: 'remains'})-[:PROPOSES]->(t) "
        "WITH r, c, t ORDER BY c.posterior DESC, c.uid WITH r, head(collect({c: c, t: t})) AS best "
        "WITH best.t AS t, head(collect(best.c)) AS c RETURN c.uid AS uid ORDER BY uid LIMIT 5", {})]
    assert len(confirmed) == 5
    store.write("UNWIND $uids AS uid MATCH (c:Candidate {uid: uid}) SET c.review_status = 'confirmed'",
                {"uids": confirmed})
    settle = named_query("review_settle")
    store.write(settle.text, settle.bind({"candidates": confirmed, "at": "2024-05-01T10:00:00Z"}))
    # the run starts again with only the confirmed candidates: the others are created anew, batch by batch
    store.write("MATCH (c:Candidate) WHERE c.review_status <> 'confirmed' DETACH DELETE c", {})
    store.write("MATCH (r:Report) REMOVE r.matched_at", {})
    start = store.read("MATCH (c:Candidate) RETURN collect(c.uid) AS uids", {})[0]["uids"]

    def open_after_each_batch(run_class):
        opened = []
        run = run_class(store, progress=lambda done, total: opened.append(
            store.read(OPEN_NEXT_TO_CONFIRMED, {})[0]["open"]))
        run.run(batch_size=10)
        return opened

    opened = open_after_each_batch(MatchRun)
    assert len(opened) > 10 and set(opened) == {0}  # never an open candidate next to a confirmation
    settled = store.read("MATCH (c:Candidate {review_status: 'settled'}) WHERE NOT c.uid IN $start "
                         "RETURN count(c) AS n", {"start": start})[0]["n"]
    assert settled > 5  # the run created candidates the confirmations closed
    near = fingerprint(store, times=TIMES)

    store.write("MATCH (c:Candidate) WHERE NOT c.uid IN $start DETACH DELETE c", {"start": start})
    store.write("MATCH (r:Report) REMOVE r.matched_at", {})
    assert set(open_after_each_batch(SettleWhole)) == {0}
    assert fingerprint(store, times=TIMES) == near
