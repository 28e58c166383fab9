// name: incident_people
// title: Survivors and dead of an incident, with their sightings
// description: The remains recovered from an incident (directly or through the voyage that ended in it), the persons reported aboard that voyage, and the sightings that record them afterwards.
// mode: read
// shown: ui, cli
// category: Voyages and incidents
// graph: yes
// param: incident: string ; example: 2014.MMP00001 ; the incident's record id (IOM Incident ID or Web ID, or the delivering agency's id)
// param: agency: string = null ; example: IOM ; the agency that delivered it (any when omitted)
MATCH (i:Incident {record_id: $incident})
WHERE $agency IS NULL OR i.agency = $agency
CALL (i) {
  MATCH (rm:Remains)-[:RECOVERED_FROM]->(i)
  RETURN 'dead' AS fate, rm.record_id AS record, coalesce(rm.identified_as, rm.case_number) AS name, rm.recovery_date AS date, null AS sighting
  UNION
  MATCH (rm:Remains)-[:RECOVERED_FROM]->(:Voyage)-[:ENDED_IN]->(i)
  RETURN 'dead' AS fate, rm.record_id AS record, coalesce(rm.identified_as, rm.case_number) AS name, rm.recovery_date AS date, null AS sighting
  UNION
  MATCH (p:Person)-[:BOARDED]->(:Voyage)-[:ENDED_IN]->(i)
  OPTIONAL MATCH (r:Report)-[:REPORTED_MISSING]->(p)
  OPTIONAL MATCH (r)-[:HAS_CANDIDATE]->(c:Candidate {candidate_kind: 'sighting'})-[:PROPOSES]->(s:Sighting)
  WHERE (c.band IN ['strong', 'probable'] AND NOT c.review_status IN ['excluded', 'settled']) OR c.review_status = 'confirmed'
  RETURN CASE WHEN s IS NULL THEN 'missing' ELSE 'seen alive' END AS fate, r.record_id AS record,
         p.full_name AS name, s.date AS date, s.record_id AS sighting
  UNION
  MATCH (s:Sighting)-[:ABOARD]->(:Voyage)-[:ENDED_IN]->(i)
  MATCH (s)-[:RECORDS]->(p:Person)
  RETURN CASE s.condition WHEN 'dead' THEN 'dead' ELSE 'survivor' END AS fate, s.record_id AS record,
         p.full_name AS name, s.date AS date, s.record_id AS sighting
}
RETURN i.record_id AS incident, fate, record, name, date, sighting
ORDER BY fate, name
