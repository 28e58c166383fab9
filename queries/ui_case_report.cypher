// name: ui_case_report
// title: A report with its missing person and journey
// description: The report, the missing person's description, who filed it, the route, the voyages the person is believed to have boarded, and the places of departure and last sighting, as far as the user's agency may see them.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17 ; the report
// param: agency: string ; example: ICRC ; the user's agency
MATCH (report:Report {uid: $uid})
WHERE @visible(report:Report)
OPTIONAL MATCH (report)-[:REPORTED_MISSING]->(person:Person)
WHERE @visible(person:Person)
OPTIONAL MATCH (person)-[:LAST_SEEN_AT]->(last:Place)
OPTIONAL MATCH (report)-[:DEPARTED_FROM]->(departure:Place)
OPTIONAL MATCH (report)-[:ON_ROUTE]->(route:Route)
OPTIONAL MATCH (reporter:Person)-[:FILED]->(report)
WHERE @visible(reporter:Person)
CALL (person) {
  OPTIONAL MATCH (person)-[:BOARDED]->(voyage:Voyage)
  WHERE @visible(voyage:Voyage)
  OPTIONAL MATCH (voyage)-[:DEPARTED_FROM]->(from:Place)
  OPTIONAL MATCH (voyage)-[:ENDED_IN]->(incident:Incident)
  WHERE @visible(incident:Incident)
  RETURN collect(CASE WHEN voyage IS NOT NULL THEN voyage {.*, departure_place: from.name,
      incident_uid: incident.uid, incident_date: incident.date} END) AS voyages
}
RETURN report {.*} AS report, person {.*} AS person, reporter {.uid, .full_name} AS reporter,
       route.name AS route, voyages,
       departure {.uid, .name, lat: departure.location.latitude, lon: departure.location.longitude} AS departure,
       last {.uid, .name, lat: last.location.latitude, lon: last.location.longitude} AS last_seen
