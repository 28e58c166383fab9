// name: voyages_most_missing
// title: Voyages with the most persons still missing
// description: Voyages ranked by the number of reports whose missing person boarded them and has no confirmed identification, with the voyage's own reported counts.
// mode: read
// shown: ui, cli
// category: Voyages and incidents
// param: limit: integer = 20 ; example: 10 ; at most this many voyages
MATCH (r:Report)-[:REPORTED_MISSING]->(:Person)-[:BOARDED]->(v:Voyage)
WHERE NOT EXISTS { MATCH (r)-[:HAS_CANDIDATE]->(:Candidate {review_status: 'confirmed'}) }
WITH v, count(DISTINCT r) AS still_missing
OPTIONAL MATCH (v)-[:ON_ROUTE]->(route:Route)
RETURN v.record_id AS voyage, v.agency AS agency, v.vessel_name AS vessel, route.name AS route,
       v.departure_date AS departed, v.outcome AS outcome, v.missing AS reported_missing, v.dead AS reported_dead,
       still_missing
ORDER BY still_missing DESC, voyage
LIMIT $limit
