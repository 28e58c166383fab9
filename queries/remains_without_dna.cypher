// name: remains_without_dna
// title: Unidentified remains with no DNA profile
// description: Unidentified remains that have no post-mortem DNA profile yet, oldest recovery first: candidates for sampling.
// mode: read
// shown: ui, cli
// category: Remains
// param: limit: integer = 100 ; example: 20 ; at most this many remains
MATCH (rm:Remains)
WHERE coalesce(rm.identification_status, 'unidentified') = 'unidentified' AND NOT coalesce(rm.placeholder, false)
  AND NOT EXISTS { MATCH (:DNAProfile)-[:SAMPLED_FROM]->(rm) }
OPTIONAL MATCH (rm)-[:RECOVERED_AT]->(p:Place)
RETURN rm.record_id AS remains, rm.agency AS agency, rm.case_number AS case_number, rm.recovery_date AS recovered_on,
       p.name AS recovered_at, rm.institution AS institution
ORDER BY recovered_on, agency, remains
LIMIT $limit
