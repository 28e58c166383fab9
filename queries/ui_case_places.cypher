// name: ui_case_places
// title: The places of a case
// description: Places with coordinates linked to a report: departure, last seen, voyage departures and outcomes, incidents, sightings answering the report or proposed as candidates, recovery and burial of candidate remains.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17 ; the report
// param: agency: string ; example: ICRC ; the user's agency
MATCH (report:Report {uid: $uid})
WHERE @visible(report:Report)
CALL (report) {
  MATCH (report)-[:DEPARTED_FROM]->(place:Place)
  RETURN place, 'departure' AS role, report.uid AS uid, 'Report' AS label
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(p:Person)-[:LAST_SEEN_AT]->(place:Place)
  WHERE @visible(p:Person)
  RETURN place, 'last_seen' AS role, p.uid AS uid, 'Person' AS label
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(missing:Person)-[:BOARDED]->(v:Voyage)-[:DEPARTED_FROM|ENDED_AT]->(place:Place)
  WHERE @visible(missing:Person) AND @visible(v:Voyage)
  RETURN place, CASE WHEN EXISTS { (v)-[:DEPARTED_FROM]->(place) } THEN 'departure' ELSE 'incident' END AS role, v.uid AS uid, 'Voyage' AS label
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(missing:Person)-[:BOARDED]->(v:Voyage)-[:ENDED_IN]->(i:Incident)-[:OCCURRED_AT]->(place:Place)
  WHERE @visible(missing:Person) AND @visible(v:Voyage) AND @visible(i:Incident)
  RETURN place, 'incident' AS role, i.uid AS uid, 'Incident' AS label
  UNION
  MATCH (s:Sighting)-[:REFERS_TO]->(report)
  WHERE @visible(s:Sighting)
  MATCH (s)-[:SEEN_AT]->(place:Place)
  RETURN place, 'sighting' AS role, s.uid AS uid, 'Sighting' AS label
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(s:Sighting)-[:SEEN_AT]->(place:Place)
  WHERE @visible(s:Sighting)
  RETURN place, 'sighting' AS role, s.uid AS uid, 'Sighting' AS label
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(r:Remains)-[:RECOVERED_AT]->(place:Place)
  WHERE @visible(r:Remains)
  RETURN place, 'recovery' AS role, r.uid AS uid, 'Remains' AS label
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(r:Remains)-[:BURIED_AT]->(place:Place)
  WHERE @visible(r:Remains)
  RETURN place, 'burial' AS role, r.uid AS uid, 'Remains' AS label
}
WITH place, role, uid, label
WHERE place.location IS NOT NULL
RETURN place.uid AS place_uid, place.name AS name, place.location.latitude AS lat,
       place.location.longitude AS lon, role, uid, label
ORDER BY role, name, uid, place_uid
