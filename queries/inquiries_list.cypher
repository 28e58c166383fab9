// name: inquiries_list
// title: Online inquiries
// description: Every online inquiry (optionally of some statuses), newest first, with its status, verification, sharing, the missing person's name and the best report the identification engine proposes as the same person.
// mode: read
// shown: cli
// category: Reports and inquiries
// param: statuses: list = null ; example: new,checking ; only these statuses (null: all)
// param: limit: integer = 1000 ; example: 50 ; most inquiries listed
MATCH (report:Report)
WHERE report.source = 'online inquiry' AND ($statuses IS NULL OR report.inquiry_status IN $statuses)
OPTIONAL MATCH (report)-[:REPORTED_MISSING]->(person:Person)
CALL (report) {
  OPTIONAL MATCH (report)-[:HAS_CANDIDATE]->(candidate:Candidate)-[:PROPOSES]->(other:Report)
  WITH candidate, other ORDER BY candidate.posterior DESC, candidate.log10_lr DESC LIMIT 1
  RETURN CASE WHEN candidate IS NULL THEN null ELSE {
    report_uid: other.uid, agency: other.agency, record_id: other.record_id, band: candidate.band,
    posterior: candidate.posterior} END AS duplicate
}
RETURN report.record_id AS number, report.uid AS uid, report.inquiry_status AS status,
       report.verification AS verification, report.sharing AS sharing, report.agency AS agency,
       toString(report.inquiry_filed_at) AS filed_at, report.inquiry_language AS language,
       person.full_name AS name, duplicate
ORDER BY filed_at DESC
LIMIT $limit
