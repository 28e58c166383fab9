// name: routes_most_missing
// title: Routes with the most dead and missing
// description: Per migration route: the dead and missing of its incidents (as published) and the families' reports still open.
// mode: read
// shown: ui, cli
// category: Routes
MATCH (route:Route)
OPTIONAL MATCH (i:Incident)-[:ON_ROUTE]->(route)
WITH route, sum(coalesce(i.dead, 0)) AS incident_dead, sum(coalesce(i.missing, 0)) AS incident_missing, count(i) AS incidents
OPTIONAL MATCH (r:Report)-[:ON_ROUTE]->(route)
WHERE NOT EXISTS { MATCH (r)-[:HAS_CANDIDATE]->(:Candidate {review_status: 'confirmed'}) }
RETURN route.name AS route, incidents, incident_dead, incident_missing, count(r) AS open_reports
ORDER BY incident_dead + incident_missing + open_reports DESC, route
