// name: match_index_remains
// title: Remains as blocking sees them
// description: Every delivered remains record with its recovery date, position (a place known by name only takes the position of a same-named place in the graph), the voyages and incidents it was recovered from and their routes, and its estimated sex, age and stature: the rows the engine's blocking index is built from.
// mode: read
// shown: engine
MATCH (x:Remains)
WHERE x.placeholder IS NULL
OPTIONAL MATCH (x)-[found:RECOVERED_AT]->(place:Place)
WITH x, head(collect(coalesce(found.location, place.location,
       COLLECT { MATCH (same:Place {name: place.name}) WHERE same.location IS NOT NULL
                 RETURN same.location LIMIT 1 }[0]))) AS at
RETURN x.uid AS uid, x.recovery_date AS date, at.latitude AS lat, at.longitude AS lon,
       COLLECT { MATCH (x)-[:RECOVERED_FROM]->(v:Voyage) RETURN v.uid } AS voyages,
       COLLECT { MATCH (x)-[:RECOVERED_FROM]->(i:Incident) RETURN i.uid } AS incidents,
       COLLECT { MATCH (x)-[:RECOVERED_FROM]->()-[:ON_ROUTE]->(r:Route) RETURN DISTINCT r.name } AS routes,
       CASE WHEN x.identified_as IS NULL THEN [] ELSE [x.identified_as] END AS names,
       [] AS refers,
       toString(x.updated_at) AS updated,
       x.sex AS sex, x.age_min AS age_min, x.age_max AS age_max,
       x.height_min_cm AS height_min_cm, x.height_max_cm AS height_max_cm
