// name: seen_alive_after_last_contact
// title: Persons seen alive after their family last heard of them
// description: Sightings of a person alive or injured, dated after the last-seen date of a report they refer to or are a probable or better candidate for.
// mode: read
// shown: ui, cli
// category: Reports and inquiries
// graph: yes
MATCH (r:Report)-[:REPORTED_MISSING]->(m:Person)
WHERE m.last_seen_date IS NOT NULL
CALL (r) {
  MATCH (s:Sighting)-[:REFERS_TO]->(r) RETURN s, 'refers to the report' AS link
  UNION
  MATCH (r)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(s:Sighting)
  WHERE (c.band IN ['strong', 'probable'] AND NOT c.review_status IN ['excluded', 'settled']) OR c.review_status = 'confirmed'
  RETURN s, 'candidate ' + c.band + ' / ' + c.review_status AS link
}
WITH r, m, s, link
WHERE s.condition IN ['alive', 'injured'] AND s.date IS NOT NULL AND s.date > m.last_seen_date
OPTIONAL MATCH (s)-[:SEEN_AT]->(p:Place)
RETURN r.record_id AS report, m.full_name AS missing_person, m.last_seen_date AS last_seen,
       s.record_id AS sighting, s.sighting_type AS type, s.date AS seen_on, p.name AS seen_at, link
ORDER BY seen_on DESC, report, sighting
