// name: voyage_manifest
// title: Everyone reported aboard a voyage, and what became of them
// description: The missing persons whose families say they boarded the voyage and the persons sightings place aboard, each with their report's status, the sightings that record them and the state of their best identification.
// mode: read
// shown: ui, cli
// category: Voyages and incidents
// graph: yes
// param: voyage: string ; example: V-0001 ; the voyage's record id as delivered
// param: agency: string = null ; example: DEMO ; the agency that delivered it (any when omitted)
MATCH (v:Voyage {record_id: $voyage})
WHERE $agency IS NULL OR v.agency = $agency
CALL (v) {
  MATCH (p:Person)-[:BOARDED]->(v)
  OPTIONAL MATCH (r:Report)-[:REPORTED_MISSING]->(p)
  RETURN p, r, 'family report' AS how
  UNION
  MATCH (s:Sighting)-[:ABOARD]->(v)
  MATCH (s)-[:RECORDS]->(p:Person)
  OPTIONAL MATCH (s)-[:REFERS_TO]->(r:Report)
  RETURN p, r, 'sighting ' + s.record_id AS how
}
OPTIONAL MATCH (r)-[:HAS_CANDIDATE]->(c:Candidate)
WITH v, p, r, how, c ORDER BY c.log10_lr DESC
WITH v, p, r, how, head(collect(c)) AS best
RETURN v.record_id AS voyage, p.full_name AS person, how, r.record_id AS report, r.status AS report_status,
       best.candidate_kind AS best_candidate_kind, best.band AS best_band,
       best.review_status AS best_review_status
ORDER BY person
