// name: report_timeline
// title: Timeline of a case
// description: The dated events of one report in order: reported, departure, last seen, the voyage's outcome and incident, sightings of the person, recovery and burial of candidate remains, and review decisions.
// mode: read
// shown: ui, cli
// category: Reports and inquiries
// param: report: string ; example: R-000001 ; the report's record id
// param: agency: string = null ; example: DEMO ; the agency of the report (any when omitted)
MATCH (r:Report {record_id: $report})-[:REPORTED_MISSING]->(m:Person)
WHERE $agency IS NULL OR r.agency = $agency
CALL (r, m) {
  RETURN r.reported_on AS date, 'reported' AS event, r.record_id AS record
  UNION
  RETURN r.departure_date AS date, 'departure' AS event, r.record_id AS record
  UNION
  RETURN m.last_seen_date AS date, 'last seen' AS event, r.record_id AS record
  UNION
  MATCH (m)-[:BOARDED]->(v:Voyage)
  RETURN v.departure_date AS date, 'voyage departed' AS event, v.record_id AS record
  UNION
  MATCH (m)-[:BOARDED]->(v:Voyage)
  RETURN v.outcome_date AS date, 'voyage ' + coalesce(v.outcome, 'outcome') AS event, v.record_id AS record
  UNION
  MATCH (m)-[:BOARDED]->(:Voyage)-[:ENDED_IN]->(i:Incident)
  RETURN i.date AS date, 'incident' AS event, i.record_id AS record
  UNION
  MATCH (s:Sighting)-[:REFERS_TO]->(r)
  RETURN s.date AS date, 'sighting: ' + s.sighting_type AS event, s.record_id AS record
  UNION
  MATCH (r)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(s:Sighting)
  WHERE (c.band IN ['strong', 'probable'] AND NOT c.review_status IN ['excluded', 'settled']) OR c.review_status = 'confirmed'
  RETURN s.date AS date, 'candidate sighting: ' + s.sighting_type AS event, s.record_id AS record
  UNION
  MATCH (r)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(rm:Remains)
  WHERE (c.band IN ['strong', 'probable'] AND NOT c.review_status IN ['excluded', 'settled']) OR c.review_status = 'confirmed'
  RETURN rm.recovery_date AS date, 'candidate remains recovered' AS event, rm.record_id AS record
  UNION
  MATCH (r)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(rm:Remains)
  WHERE c.review_status = 'confirmed'
  RETURN rm.burial_date AS date, 'buried' AS event, rm.record_id AS record
  UNION
  MATCH (r)-[:HAS_CANDIDATE]->(c:Candidate)<-[:REVIEW_OF]-(rev:Review)
  RETURN left(toString(rev.at), 10) AS date, 'review: ' + rev.decision AS event, c.uid AS record
}
WITH date, event, record WHERE date IS NOT NULL
RETURN date, event, record
ORDER BY date, event
