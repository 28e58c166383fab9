// name: match_write_candidates
// title: Write scored candidates
// description: Merges each candidate on its uid (derived from the report and the record, so a re-run never duplicates one) with its HAS_CANDIDATE and PROPOSES relationships. A new candidate is proposed. Scores are refreshed only while it is proposed; a reviewed candidate (under review, confirmed or excluded) keeps its review status and the evidence it was reviewed on, and a change in evidence sets needs_second_look with when and why, once per change.
// mode: write
// shown: engine
// param: rows: list ; example: [] ; one map per candidate: uid, report_uid, target_uid, kind, log10_lr, posterior (on the candidate's own evidence), identifying (an individual identifier is among the evidence), dna_log10_lr (null without DNA), prior, prior_statement, band (on the candidate's own evidence: kept as pairwise_band, while band becomes the joint one), evidence, evidence_hash, change
// param: now: string ; example: 2024-05-01T10:00:00Z ; the run's time (ISO 8601)
UNWIND $rows AS row
MATCH (r:Report {uid: row.report_uid})
CALL (row) {
  MATCH (t:Remains {uid: row.target_uid}) WHERE row.kind = 'remains' RETURN t
  UNION
  MATCH (t:Sighting {uid: row.target_uid}) WHERE row.kind = 'sighting' RETURN t
  UNION
  MATCH (t:Report {uid: row.target_uid}) WHERE row.kind = 'report' RETURN t
}
MERGE (c:Candidate {uid: row.uid})
  ON CREATE SET c.review_status = 'proposed', c.candidate_kind = row.kind,
                c.created_at = datetime($now), c.needs_second_look = false, c.conflict = false
MERGE (r)-[:HAS_CANDIDATE]->(c)
MERGE (c)-[:PROPOSES]->(t)
WITH c, row, c.review_status = 'proposed' AS open
SET c += CASE WHEN open THEN {
      log10_lr: row.log10_lr, posterior: row.posterior, pairwise_posterior: row.posterior,
      identifying: row.identifying, dna_log10_lr: row.dna_log10_lr, prior: row.prior,
      prior_statement: row.prior_statement, band: row.band, pairwise_band: row.band, evidence: row.evidence,
      evidence_hash: row.evidence_hash, computed_at: datetime($now)} ELSE {} END
SET c += CASE WHEN NOT open AND coalesce(c.evidence_hash, '') <> row.evidence_hash
                   AND coalesce(c.second_look_hash, '') <> row.evidence_hash THEN {
      needs_second_look: true, second_look_at: datetime($now),
      second_look_hash: row.evidence_hash, second_look_reason: row.change} ELSE {} END
