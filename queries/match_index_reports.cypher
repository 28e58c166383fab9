// name: match_index_reports
// title: Reports as blocking sees them
// description: Every delivered report (but those taken out of matching: an online inquiry withdrawn, merged or not a missing-person case) with the date its missing person was last seen (else the departure date), the places last seen and departed from (a place known by name only takes the position of a same-named place in the graph), the voyages boarded, the routes, the names, sex, date of birth, age at disappearance and height, and when the report was last matched: the rows the engine's blocking index and journeys are built from.
// mode: read
// shown: engine
MATCH (r:Report)
WHERE r.placeholder IS NULL AND r.exclude_from_matching IS NULL
OPTIONAL MATCH (r)-[:REPORTED_MISSING]->(p:Person)
WITH r, head(collect(p)) AS p
WITH r, p, [found IN COLLECT { MATCH (p)-[at:LAST_SEEN_AT]->(place:Place) RETURN {at: at.location, place: place} AS found
                               UNION MATCH (r)-[at:DEPARTED_FROM]->(place:Place) RETURN {at: at.location, place: place} AS found } |
            coalesce(found.at, found.place.location,
                     COLLECT { MATCH (same:Place {name: found.place.name}) WHERE same.location IS NOT NULL
                               RETURN same.location LIMIT 1 }[0])] AS located
RETURN r.uid AS uid, coalesce(p.last_seen_date, r.departure_date) AS date,
       [at IN located WHERE at IS NOT NULL | [at.latitude, at.longitude]] AS points,
       COLLECT { MATCH (p)-[:BOARDED]->(v:Voyage) RETURN v.uid } AS voyages,
       [] AS incidents,
       COLLECT { MATCH (r)-[:ON_ROUTE]->(route:Route) RETURN route.name
                 UNION MATCH (p)-[:BOARDED]->(:Voyage)-[:ON_ROUTE]->(route:Route) RETURN route.name } AS routes,
       [name IN [p.full_name] + coalesce(p.other_names, []) WHERE name IS NOT NULL] AS names,
       [] AS refers,
       [toString(r.updated_at), toString(p.updated_at)] AS updated,
       toString(r.matched_at) AS matched_at,
       p.sex AS sex, p.date_of_birth AS date_of_birth, p.age_min AS age_min, p.age_max AS age_max,
       p.height_min_cm AS height_min_cm, p.height_max_cm AS height_max_cm
