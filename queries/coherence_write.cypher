// name: coherence_write
// title: Write coherent posteriors, records of one body and rival claims
// description: For each remains candidate given: the posterior computed jointly with the claims it excludes and its band (only while it is proposed: a reviewed candidate keeps what it was reviewed on), what it is (an identification, a second part of a body already claimed, or the same body recorded by another agency) and which record that is, and whether a rival claim strong on its own evidence exists. Its RIVAL_OF relationships are replaced by those given.
// mode: write
// shown: engine
// param: rows: list ; example: [] ; one map per candidate: uid, posterior, band, association, same_body_as, rivals (list of {uid, kind})
// param: now: string ; example: 2024-05-01T10:00:00Z ; the run's time (ISO 8601)
UNWIND $rows AS row
MATCH (c:Candidate {uid: row.uid})
SET c += CASE WHEN c.review_status = 'proposed' THEN {posterior: row.posterior, band: row.band} ELSE {} END
SET c.association = row.association, c.same_body_as = row.same_body_as, c.rival = size(row.rivals) > 0
WITH c, row
CALL (c) {
  MATCH (c)-[old:RIVAL_OF]->()
  DELETE old
}
CALL (c, row) {
  UNWIND row.rivals AS rival
  MATCH (other:Candidate {uid: rival.uid})
  MERGE (c)-[link:RIVAL_OF]->(other)
  SET link.kind = rival.kind, link.computed_at = datetime($now)
}
