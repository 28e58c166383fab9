// name: ui_case_places
// title: The places of a case
// description: Places with coordinates linked to a report, each with its date: departure and last seen (the family's account), voyage departures and outcomes, incidents, sightings answering the report, and the sightings and remains of candidates above possible (strong, probable, or confirmed). A place named without coordinates is placed at the town the gazetteer found, marked approximate.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17 ; the report
// param: agency: string ; example: ICRC ; the user's agency
MATCH (report:Report {uid: $uid})
WHERE @visible(report:Report)
CALL (report) {
  MATCH (report)-[:DEPARTED_FROM]->(place:Place)
  RETURN place, 'departure' AS role, report.uid AS uid, 'Report' AS label, report.departure_date AS date
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(p:Person)-[:LAST_SEEN_AT]->(place:Place)
  WHERE @visible(p:Person)
  RETURN place, 'last_seen' AS role, p.uid AS uid, 'Person' AS label, p.last_seen_date AS date
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(missing:Person)-[:BOARDED]->(v:Voyage)-[:DEPARTED_FROM|ENDED_AT]->(place:Place)
  WHERE @visible(missing:Person) AND @visible(v:Voyage)
  WITH place, v, EXISTS { (v)-[:DEPARTED_FROM]->(place) } AS departed
  RETURN place, CASE WHEN departed THEN 'departure' ELSE 'incident' END AS role, v.uid AS uid, 'Voyage' AS label,
         CASE WHEN departed THEN v.departure_date ELSE v.outcome_date END AS date
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(missing:Person)-[:BOARDED]->(v:Voyage)-[:ENDED_IN]->(i:Incident)-[:OCCURRED_AT]->(place:Place)
  WHERE @visible(missing:Person) AND @visible(v:Voyage) AND @visible(i:Incident)
  RETURN place, 'incident' AS role, i.uid AS uid, 'Incident' AS label, i.date AS date
  UNION
  MATCH (s:Sighting)-[:REFERS_TO]->(report)
  WHERE @visible(s:Sighting)
  MATCH (s)-[:SEEN_AT]->(place:Place)
  RETURN place, 'sighting' AS role, s.uid AS uid, 'Sighting' AS label, s.date AS date
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(s:Sighting)-[:SEEN_AT]->(place:Place)
  WHERE @visible(s:Sighting) AND (c.band IN ['strong', 'probable'] OR c.review_status = 'confirmed')
  RETURN place, 'sighting' AS role, s.uid AS uid, 'Sighting' AS label, s.date AS date
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(r:Remains)-[:RECOVERED_AT]->(place:Place)
  WHERE @visible(r:Remains) AND (c.band IN ['strong', 'probable'] OR c.review_status = 'confirmed')
  RETURN place, 'recovery' AS role, r.uid AS uid, 'Remains' AS label, r.recovery_date AS date
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(r:Remains)-[:BURIED_AT]->(place:Place)
  WHERE @visible(r:Remains) AND (c.band IN ['strong', 'probable'] OR c.review_status = 'confirmed')
  RETURN place, 'burial' AS role, r.uid AS uid, 'Remains' AS label, r.burial_date AS date
}
WITH place, role, uid, label, date, coalesce(place.location, place.gazetteer_location) AS point
WHERE point IS NOT NULL
RETURN place.uid AS place_uid, place.name AS name, point.latitude AS lat, point.longitude AS lon,
       place.location IS NULL AS approximate, place.gazetteer_name AS town, role, uid, label, date
ORDER BY role, name, uid, place_uid
