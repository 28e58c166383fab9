// name: sightings_on_route_after
// title: Sightings of persons on a route after a date
// description: Sightings tied to voyages on a route (or placed at a disembarkation on it) on or after a date: where someone last heard of on that route may have been recorded alive.
// mode: read
// shown: ui, cli
// category: Routes
// param: route: string ; example: Central Mediterranean ; IOM route name
// param: since: string ; example: 2016-05 ; partial ISO date
// param: limit: integer = 500 ; example: 500 ; at most this many rows (the CLI sets it with --limit and says when the result was cut)
MATCH (s:Sighting)-[:ABOARD]->(:Voyage)-[:ON_ROUTE]->(:Route {name: $route})
WHERE s.date >= $since
MATCH (s)-[:RECORDS]->(p:Person)
OPTIONAL MATCH (s)-[:SEEN_AT]->(place:Place)
RETURN s.record_id AS sighting, s.sighting_type AS type, s.date AS date, p.full_name AS person, p.sex AS sex,
       p.age_min AS age_min, p.age_max AS age_max, place.name AS place, s.condition AS condition
ORDER BY date, s.uid, person
LIMIT $limit
