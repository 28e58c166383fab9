// name: match_index_sightings
// title: Sightings as blocking sees them
// description: Every delivered sighting with its date, position (a place known by name only takes the position of a same-named place in the graph), the voyage it places its person aboard and that voyage's route, the recorded person's names, and the reports it answers, and the recorded sex and age: the rows the engine's blocking index is built from.
// mode: read
// shown: engine
MATCH (s:Sighting)
WHERE s.placeholder IS NULL
OPTIONAL MATCH (s)-[seen:SEEN_AT]->(place:Place)
WITH s, head(collect(coalesce(seen.location, place.location,
       COLLECT { MATCH (same:Place {name: place.name}) WHERE same.location IS NOT NULL
                 RETURN same.location LIMIT 1 }[0]))) AS at
OPTIONAL MATCH (s)-[:RECORDS]->(p:Person)
WITH s, at, head(collect(p)) AS p
RETURN s.uid AS uid, s.date AS date, at.latitude AS lat, at.longitude AS lon,
       COLLECT { MATCH (s)-[:ABOARD]->(v:Voyage) RETURN v.uid } AS voyages,
       [] AS incidents,
       COLLECT { MATCH (s)-[:ABOARD]->(:Voyage)-[:ON_ROUTE]->(r:Route) RETURN DISTINCT r.name } AS routes,
       [name IN [p.full_name] + coalesce(p.other_names, []) WHERE name IS NOT NULL] AS names,
       COLLECT { MATCH (s)-[:REFERS_TO]->(r:Report) RETURN r.uid } AS refers,
       toString(s.updated_at) AS updated,
       p.sex AS sex, p.age_min AS age_min, p.age_max AS age_max,
       null AS height_min_cm, null AS height_max_cm
