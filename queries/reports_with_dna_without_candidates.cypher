// name: reports_with_dna_without_candidates
// title: Reports with family DNA references but no candidate
// description: Families who gave reference samples and whose report has no candidate identification yet (or only excluded ones): where more post-mortem sampling or a wider screening may help.
// mode: read
// shown: ui, cli
// category: Families and DNA
// param: limit: integer = 100 ; example: 20 ; at most this many reports
MATCH (r:Report)-[:REPORTED_MISSING]->(m:Person)
WHERE NOT coalesce(r.placeholder, false)
  AND EXISTS { MATCH (:DNAProfile {sample_kind: 'reference'})-[:SAMPLED_FROM]->(:Person)-[:RELATIVE_OF]->(m) }
  AND NOT EXISTS { MATCH (r)-[:HAS_CANDIDATE]->(c:Candidate) WHERE c.band <> 'excluded' }
OPTIONAL MATCH (ref:DNAProfile {sample_kind: 'reference'})-[:SAMPLED_FROM]->(rel:Person)-[k:RELATIVE_OF]->(m)
WITH r, m, ref, k ORDER BY k.relationship
RETURN r.record_id AS report, r.agency AS agency, m.full_name AS missing_person, r.reported_on AS reported_on,
       collect(DISTINCT k.relationship) AS reference_relationships, count(DISTINCT ref) AS reference_samples
ORDER BY reported_on, agency, report
LIMIT $limit
