// name: evaluate_candidates
// title: Every candidate of an agency's reports, for evaluation
// description: Each candidate of the reports an agency delivered, with the record ids as delivered, its kind, band, posterior (and on its own evidence), prior, combined LR, review state and evidence: what `tracegraph evaluate` ranks and judges against a generated scenario's truth.
// mode: read
// shown: engine
// param: agency: string ; example: SYN ; the agency the scenario was loaded under
MATCH (r:Report {agency: $agency})-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t)
RETURN r.record_id AS report_id, t.record_id AS candidate_id, c.candidate_kind AS kind, c.band AS band,
       c.posterior AS posterior, c.log10_lr AS log10_lr, c.review_status AS review_status,
       c.evidence AS evidence, c.prior AS prior, coalesce(c.pairwise_posterior, c.posterior) AS pairwise_posterior
