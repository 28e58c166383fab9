// name: inquiry_report
// title: One online inquiry as the graph holds it
// description: The inquiry's report, its missing person, the relative who filed it and how they are related, the fellow travellers, route and places, and its report candidates (duplicates proposed), for the command line's show and export.
// mode: read
// shown: cli
// category: Reports and inquiries
// param: uids: list ; example: INQUIRY:TG-7K3M-9P2X ; the inquiries' reports
UNWIND $uids AS uid
MATCH (report:Report {uid: uid}) WHERE report.source = 'online inquiry'
OPTIONAL MATCH (report)-[:REPORTED_MISSING]->(person:Person)
OPTIONAL MATCH (reporter:Person)-[:FILED]->(report)
OPTIONAL MATCH (reporter)-[kin:RELATIVE_OF]->(person)
OPTIONAL MATCH (report)-[:ON_ROUTE]->(route:Route)
OPTIONAL MATCH (report)-[:DEPARTED_FROM]->(departure:Place)
OPTIONAL MATCH (person)-[:LAST_SEEN_AT]->(last:Place)
RETURN report {.*, ingested_at: toString(report.ingested_at), updated_at: toString(report.updated_at),
               inquiry_filed_at: toString(report.inquiry_filed_at),
               inquiry_updated_at: toString(report.inquiry_updated_at),
               withdrawn_at: toString(report.withdrawn_at)} AS report,
       person {.*, ingested_at: null, updated_at: null} AS person,
       reporter {.*, ingested_at: null, updated_at: null} AS reporter, kin.relationship AS relationship,
       route.name AS route, departure.name AS departure_place, last.name AS last_seen_place,
       COLLECT { MATCH (companion:Person)-[together:TRAVELLED_WITH]->(person)
                 RETURN {name: companion.full_name, relationship: together.relationship,
                         notes: companion.description} } AS travellers,
       COLLECT { MATCH (report)-[:HAS_CANDIDATE]->(candidate:Candidate)-[:PROPOSES]->(other:Report)
                 RETURN {report_uid: other.uid, agency: other.agency, record_id: other.record_id,
                         band: candidate.band, posterior: candidate.posterior}
                 ORDER BY candidate.posterior DESC } AS duplicates
