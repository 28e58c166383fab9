// name: coherence_duplicate_reports
// title: Reports that are probably one person
// description: Pairs of reports whose report-to-report candidate is confirmed, or probable or better on its own evidence and neither excluded nor settled, with the probability that they are one person (1 when confirmed).
// mode: read
// shown: engine
// param: min_posterior: float = 0.5 ; example: 0.5 ; the pairwise posterior from which two reports count as one person
MATCH (a:Report)-[:HAS_CANDIDATE]->(c:Candidate {candidate_kind: 'report'})-[:PROPOSES]->(b:Report)
WHERE c.review_status = 'confirmed'
   OR (NOT c.review_status IN ['excluded', 'settled'] AND c.band <> 'excluded'
       AND coalesce(c.pairwise_posterior, c.posterior) >= $min_posterior)
RETURN a.uid AS first, b.uid AS second,
       CASE WHEN c.review_status = 'confirmed' THEN 1.0 ELSE coalesce(c.pairwise_posterior, c.posterior) END AS probability
