// name: ui_case_timeline
// title: The timeline of a case
// description: Dated events of a report: reported, departure, last seen, voyage outcome and incident, sightings answering the report or proposed as candidates, recovery and burial of candidate remains, DNA sampling (DNA-cleared users only), kinship matches and review decisions. Dates stay as partial ISO strings.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17 ; the report
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
MATCH (report:Report {uid: $uid})
WHERE report.sharing IS NULL OR report.sharing <> 'agency' OR report.agency = $agency
CALL (report) {
  RETURN report.reported_on AS date, 'reported' AS event, 'Report taken' AS title, report.uid AS uid, 'Report' AS label
  UNION
  RETURN report.departure_date AS date, 'departure' AS event, 'Departure (as the family knows it)' AS title, report.uid AS uid, 'Report' AS label
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(p:Person)
  RETURN coalesce(p.last_seen_date, report.last_seen_date) AS date, 'last_seen' AS event, 'Last seen or heard from' AS title, p.uid AS uid, 'Person' AS label
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(:Person)-[:BOARDED]->(v:Voyage)
  WHERE v.sharing IS NULL OR v.sharing <> 'agency' OR v.agency = $agency
  RETURN v.departure_date AS date, 'departure' AS event, 'Voyage departs: ' + coalesce(v.vessel_name, v.record_id) AS title, v.uid AS uid, 'Voyage' AS label
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(:Person)-[:BOARDED]->(v:Voyage)
  WHERE v.sharing IS NULL OR v.sharing <> 'agency' OR v.agency = $agency
  RETURN v.outcome_date AS date, 'incident' AS event, 'Voyage ' + coalesce(v.outcome, 'outcome') AS title, v.uid AS uid, 'Voyage' AS label
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(:Person)-[:BOARDED]->(:Voyage)-[:ENDED_IN]->(i:Incident)
  WHERE i.sharing IS NULL OR i.sharing <> 'agency' OR i.agency = $agency
  RETURN i.date AS date, 'incident' AS event, 'Incident ' + i.record_id AS title, i.uid AS uid, 'Incident' AS label
  UNION
  MATCH (s:Sighting)-[:REFERS_TO]->(report)
  WHERE s.sharing IS NULL OR s.sharing <> 'agency' OR s.agency = $agency
  RETURN s.date AS date, 'sighting' AS event, 'Sighting: ' + coalesce(s.sighting_type, 'record') AS title, s.uid AS uid, 'Sighting' AS label
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(s:Sighting)
  WHERE s.sharing IS NULL OR s.sharing <> 'agency' OR s.agency = $agency
  RETURN s.date AS date, 'sighting' AS event, 'Candidate sighting: ' + coalesce(s.sighting_type, 'record') AS title, s.uid AS uid, 'Sighting' AS label
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(r:Remains)
  WHERE r.sharing IS NULL OR r.sharing <> 'agency' OR r.agency = $agency
  RETURN r.recovery_date AS date, 'recovery' AS event, 'Remains recovered: ' + coalesce(r.case_number, r.record_id) AS title, r.uid AS uid, 'Remains' AS label
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(r:Remains)
  WHERE r.sharing IS NULL OR r.sharing <> 'agency' OR r.agency = $agency
  RETURN r.burial_date AS date, 'burial' AS event, 'Buried: ' + coalesce(r.case_number, r.record_id) AS title, r.uid AS uid, 'Remains' AS label
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(:Remains)<-[:SAMPLED_FROM]-(d:DNAProfile)
  WHERE $dna_cleared
  RETURN coalesce(d.sampled_on, d.sampling_date) AS date, 'sampling' AS event, 'DNA sample ' + d.sample_id AS title, d.uid AS uid, 'DNAProfile' AS label
  UNION
  MATCH (d:DNAProfile)-[m:KINSHIP_MATCH]->(report)
  WHERE $dna_cleared
  RETURN coalesce(toString(m.screened_at), toString(m.computed_at), toString(m.updated_at)) AS date, 'match' AS event, 'Kinship match with ' + d.sample_id AS title, d.uid AS uid, 'DNAProfile' AS label
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(c:Candidate)<-[:REVIEW_OF]-(rv:Review)
  RETURN toString(rv.at) AS date, 'match' AS event, 'Review: ' + rv.decision + ' by ' + rv.reviewer AS title, c.uid AS uid, 'Candidate' AS label
}
WITH date, event, title, uid, label
WHERE date IS NOT NULL AND date <> ''
RETURN date, event, title, uid, label
ORDER BY date, event, title, uid
