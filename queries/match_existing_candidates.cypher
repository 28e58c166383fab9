// name: match_existing_candidates
// title: The candidates reports already have
// description: Each candidate of the given reports with its review state, stored evidence and its posterior and band on its own evidence (as the run scores it, before the joint computation), so a match run can leave reviewed ones as reviewed, flag changed evidence and skip unchanged ones.
// mode: read
// shown: engine
// param: uids: list ; example: ICRC:R-17 ; report uids
UNWIND $uids AS uid
MATCH (r:Report {uid: uid})-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t)
RETURN r.uid AS report_uid, c.uid AS uid, t.uid AS target_uid, c.candidate_kind AS kind,
       c.review_status AS review_status, c.evidence_hash AS evidence_hash,
       c.second_look_hash AS second_look_hash, c.log10_lr AS log10_lr, coalesce(c.pairwise_band, c.band) AS band,
       coalesce(c.pairwise_posterior, c.posterior) AS posterior, c.evidence AS evidence,
       EXISTS { (:Review)-[:REVIEW_OF]->(c) } AS reviewed
