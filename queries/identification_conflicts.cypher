// name: identification_conflicts
// title: Remains confirmed or strong for more than one report
// description: Remains or sightings that are a confirmed or strong candidate of two or more reports: a conflict to resolve before any notification.
// mode: read
// shown: ui, cli
// category: Identification
// graph: yes
MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(target)
WHERE c.review_status = 'confirmed' OR (c.band = 'strong' AND NOT c.review_status IN ['excluded', 'settled'])
WITH target, r, c ORDER BY r.agency, r.record_id
WITH target, collect({report: r.record_id, band: c.band, status: c.review_status}) AS claims
WHERE size(claims) > 1
RETURN labels(target)[0] AS kind, target.record_id AS record, target.agency AS agency, claims
ORDER BY size(claims) DESC, record
