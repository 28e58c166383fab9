// name: match_voyages
// title: Voyages as the engine's journeys see them
// description: Every voyage with where and when it left and ended, the incidents it ended in (with their date and place when the voyage's own are unknown) and its routes.
// mode: read
// shown: engine
MATCH (v:Voyage)
OPTIONAL MATCH (v)-[departure:DEPARTED_FROM]->(from:Place)
OPTIONAL MATCH (v)-[ended_at:ENDED_AT]->(to:Place)
OPTIONAL MATCH (v)-[:ENDED_IN]->(i:Incident)
OPTIONAL MATCH (i)-[occurred:OCCURRED_AT]->(at:Place)
WITH v, head(collect(coalesce(departure.location, from.location))) AS departed,
     head(collect(coalesce(ended_at.location, to.location))) AS ended,
     collect(DISTINCT i.uid) AS incidents, head(collect(i.date)) AS incident_date,
     head(collect(coalesce(occurred.location, at.location))) AS incident_place
WITH v, departed, incidents, coalesce(v.outcome_date, incident_date) AS end_date,
     coalesce(ended, incident_place) AS end_place
RETURN v.uid AS uid, v.departure_date AS departure_date,
       departed.latitude AS departure_lat, departed.longitude AS departure_lon,
       end_date, end_place.latitude AS end_lat, end_place.longitude AS end_lon, incidents,
       COLLECT { MATCH (v)-[:ON_ROUTE]->(r:Route) RETURN r.name } AS routes,
       toString(v.updated_at) AS updated
