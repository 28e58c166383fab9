// name: kinship_linked_missing
// title: Missing persons per incident and per route and year
// description: For each report, the incident its missing person's voyage ended in, and its route and year: the groups whose sizes set the default DNA prior.
// mode: read
// shown: engine
MATCH (r:Report)-[:REPORTED_MISSING]->(m:Person)
WHERE NOT coalesce(r.placeholder, false)
OPTIONAL MATCH (m)-[:BOARDED]->(:Voyage)-[:ENDED_IN]->(i:Incident)
OPTIONAL MATCH (r)-[:ON_ROUTE]->(route:Route)
RETURN r.uid AS report, min(i.uid) AS incident, min(route.name) AS route,
       left(coalesce(m.last_seen_date, r.departure_date, r.reported_on), 4) AS year
