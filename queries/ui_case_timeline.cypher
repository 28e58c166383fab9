// name: ui_case_timeline
// title: The timeline of a case
// description: Dated events of a report: reported, departure, last seen, voyage outcome and incident, sightings answering the report or proposed as candidates, recovery and burial of candidate remains, DNA sampling (DNA-cleared users only), kinship matches and review decisions. Dates stay as partial ISO strings.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17 ; the report
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
MATCH (report:Report {uid: $uid})
WHERE @visible(report:Report)
CALL (report) {
  RETURN report.reported_on AS date, 'reported' AS event, 'Report taken' AS title, report.uid AS uid, 'Report' AS label, 'reported' AS what, null AS detail
  UNION
  RETURN report.departure_date AS date, 'departure' AS event, 'Departure (as the family knows it)' AS title, report.uid AS uid, 'Report' AS label, 'family_departure' AS what, null AS detail
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(p:Person)
  WHERE @visible(p:Person)
  RETURN coalesce(p.last_seen_date, report.last_seen_date) AS date, 'last_seen' AS event, 'Last seen or heard from' AS title, p.uid AS uid, 'Person' AS label, 'last_seen' AS what, null AS detail
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(missing:Person)-[:BOARDED]->(v:Voyage)
  WHERE @visible(missing:Person) AND @visible(v:Voyage)
  RETURN v.departure_date AS date, 'departure' AS event, 'Voyage departs: ' + coalesce(v.vessel_name, v.record_id) AS title, v.uid AS uid, 'Voyage' AS label, 'voyage_departure' AS what, coalesce(v.vessel_name, v.record_id) AS detail
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(missing:Person)-[:BOARDED]->(v:Voyage)
  WHERE @visible(missing:Person) AND @visible(v:Voyage)
  RETURN v.outcome_date AS date, 'incident' AS event, 'Voyage ' + coalesce(v.outcome, 'outcome') AS title, v.uid AS uid, 'Voyage' AS label, 'voyage_outcome' AS what, v.outcome AS detail
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(missing:Person)-[:BOARDED]->(v:Voyage)-[:ENDED_IN]->(i:Incident)
  WHERE @visible(missing:Person) AND @visible(v:Voyage) AND @visible(i:Incident)
  RETURN i.date AS date, 'incident' AS event, 'Incident ' + i.record_id AS title, i.uid AS uid, 'Incident' AS label, 'incident' AS what, i.record_id AS detail
  UNION
  MATCH (s:Sighting)-[:REFERS_TO]->(report)
  WHERE @visible(s:Sighting)
  RETURN s.date AS date, 'sighting' AS event, 'Sighting: ' + coalesce(s.sighting_type, 'record') AS title, s.uid AS uid, 'Sighting' AS label, 'sighting' AS what, s.sighting_type AS detail
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(s:Sighting)
  WHERE @visible(s:Sighting)
  RETURN s.date AS date, 'sighting' AS event, 'Candidate sighting: ' + coalesce(s.sighting_type, 'record') AS title, s.uid AS uid, 'Sighting' AS label, 'candidate_sighting' AS what, s.sighting_type AS detail
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(r:Remains)
  WHERE @visible(r:Remains)
  RETURN r.recovery_date AS date, 'recovery' AS event, 'Remains recovered: ' + coalesce(r.case_number, r.record_id) AS title, r.uid AS uid, 'Remains' AS label, 'recovery' AS what, coalesce(r.case_number, r.record_id) AS detail
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(r:Remains)
  WHERE @visible(r:Remains)
  RETURN r.burial_date AS date, 'burial' AS event, 'Buried: ' + coalesce(r.case_number, r.record_id) AS title, r.uid AS uid, 'Remains' AS label, 'burial' AS what, coalesce(r.case_number, r.record_id) AS detail
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(r:Remains)<-[:SAMPLED_FROM]-(d:DNAProfile)
  WHERE @visible(r:Remains) AND @visible(d:DNAProfile) AND @cleared(d)
  RETURN coalesce(d.sampled_on, d.sampling_date) AS date, 'sampling' AS event, 'DNA sample ' + d.sample_id AS title, d.uid AS uid, 'DNAProfile' AS label, 'sampling' AS what, d.sample_id AS detail
  UNION
  MATCH (d:DNAProfile)-[m:KINSHIP_MATCH]->(report)
  WHERE @visible(d:DNAProfile) AND @cleared(d)
  RETURN coalesce(toString(m.screened_at), toString(m.computed_at), toString(m.updated_at)) AS date, 'match' AS event, 'Kinship match with ' + d.sample_id AS title, d.uid AS uid, 'DNAProfile' AS label, 'kinship_match' AS what, d.sample_id AS detail
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(c:Candidate)<-[:REVIEW_OF]-(rv:Review)
  WHERE @visible(c)
  RETURN toString(rv.at) AS date, 'match' AS event, 'Review: ' + rv.decision + ' by ' + rv.reviewer AS title, c.uid AS uid, 'Candidate' AS label, 'review' AS what, rv.decision AS detail
}
WITH date, event, title, uid, label, what, detail
WHERE date IS NOT NULL AND date <> ''
RETURN date, event, title, uid, label, what, detail
ORDER BY date, event, title, uid
