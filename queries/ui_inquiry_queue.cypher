// name: ui_inquiry_queue
// title: Online inquiries waiting for staff
// description: The online inquiries in the given statuses that the user's agency may see, newest first, each with its missing person's name and the existing report the identification engine proposes as the same person (the best report candidate the user may see), when there is one. With duplicates_only, only inquiries with a probable or strong duplicate.
// mode: read
// shown: ui
// param: statuses: list ; example: new,checking ; inquiry statuses
// param: duplicates_only: boolean = false ; example: true ; only those with a probable duplicate
// param: agency: string ; example: ICRC ; the user's agency
// param: limit: integer = 200 ; example: 50 ; most inquiries listed
MATCH (report:Report)
WHERE report.source = 'online inquiry' AND report.inquiry_status IN $statuses
  AND @visible(report:Report)
OPTIONAL MATCH (report)-[:REPORTED_MISSING]->(person:Person)
WHERE @visible(person:Person)
CALL (report) {
  OPTIONAL MATCH (report)-[:HAS_CANDIDATE]->(candidate:Candidate)-[:PROPOSES]->(other:Report)
  WHERE @visible(other:Report)
  OPTIONAL MATCH (other)-[:REPORTED_MISSING]->(theirs:Person)
  WHERE @visible(theirs:Person)
  WITH candidate, other, theirs ORDER BY candidate.posterior DESC, candidate.log10_lr DESC LIMIT 1
  RETURN CASE WHEN candidate IS NULL THEN null ELSE {
    candidate: candidate.uid, band: candidate.band, posterior: candidate.posterior,
    log10_lr: candidate.log10_lr, report_uid: other.uid, record_id: other.record_id,
    agency: other.agency, name: theirs.full_name, source: other.source} END AS duplicate
}
WITH report, person, duplicate
WHERE NOT $duplicates_only OR duplicate.band IN ['strong', 'probable']
RETURN report.uid AS uid, report.record_id AS number, report.inquiry_status AS status,
       toString(report.inquiry_filed_at) AS filed_at, report.inquiry_language AS language,
       report.agency AS agency, report.sharing AS sharing, report.verification AS verification,
       person.full_name AS name, person.sex AS sex, person.date_of_birth AS date_of_birth,
       report.route AS route, duplicate
ORDER BY filed_at DESC
LIMIT $limit
