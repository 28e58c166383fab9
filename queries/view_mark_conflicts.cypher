// name: view_mark_conflicts
// title: Flag the conflicts of some candidates again
// description: The rule of match_mark_conflicts applied to the candidates $keys only: an analysts' view runs it after a refresh, for the candidates it wrote or deleted and those proposing the same records, instead of going through all of its candidates. A candidate (not excluded, not settled) whose proposed record is confirmed for another report gets conflict = true and those reports in conflict_with; one whose conflict has gone is cleared.
// param: keys: list ; example: ICRC:R-17->MORGUE:B-3 ; the uids of the candidates to flag again
// mode: write
// shown: engine
UNWIND $keys AS key
MATCH (c:Candidate {uid: key})
CALL (c) {
  OPTIONAL MATCH (c)-[:PROPOSES]->(t)<-[:PROPOSES]-(other:Candidate {review_status: 'confirmed'})
  WHERE other <> c
  OPTIONAL MATCH (other)<-[:HAS_CANDIDATE]-(owner:Report)
  RETURN count(other) > 0 AS confirmed_elsewhere, collect(DISTINCT owner.uid) AS owners
}
WITH c, confirmed_elsewhere, owners, c.review_status IN ['excluded', 'settled'] AS closed
WITH c, CASE
  WHEN NOT closed AND size(owners) > 0 THEN {conflict: true, conflict_with: owners}
  WHEN c.conflict = true AND (closed OR NOT confirmed_elsewhere) THEN {conflict: false, conflict_with: null}
END AS flag
WITH c, flag WHERE flag IS NOT NULL
SET c.conflict = flag.conflict, c.conflict_with = flag.conflict_with
RETURN count(c) AS changed
