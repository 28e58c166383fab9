// name: reports_by_route_and_year
// title: Families' reports by route and year
// description: How many reports were taken per migration route and year, and how many have a confirmed identification.
// mode: read
// shown: ui, cli
// category: Routes
MATCH (r:Report)
WHERE NOT coalesce(r.placeholder, false)
OPTIONAL MATCH (r)-[:ON_ROUTE]->(route:Route)
WITH coalesce(route.name, 'unknown') AS route, left(r.reported_on, 4) AS year, r
RETURN route, year, count(r) AS reports,
       sum(CASE WHEN EXISTS { MATCH (r)-[:HAS_CANDIDATE]->(:Candidate {review_status: 'confirmed'}) } THEN 1 ELSE 0 END) AS identified
ORDER BY route, year
