// name: inquiry_set_status
// title: Move online inquiries to a new status
// description: Sets each inquiry report's status, who moved it and when; `verification` becomes verified when an investigator verifies it; a status that takes the report out of matching (merged, not a missing-person case, withdrawn) marks it so and removes the candidates still proposed to or from it (a reviewed candidate stays, with its trail). A withdrawal also narrows the report's sharing, and that of its people and relationships, to the receiving agency. Only reports that came from an online inquiry are touched.
// mode: write
// shown: engine
// param: rows: list ; example: [] ; one map per inquiry: uid, status, by, verified (boolean), out_of_matching (boolean), withdraw (boolean)
// param: now: string ; example: 2024-05-01T10:00:00Z ; when (ISO 8601)
// param: agency_only: string ; example: agency ; the sharing value of a record its agency keeps to itself (queries/access.py)
UNWIND $rows AS row
MATCH (report:Report {uid: row.uid})
WHERE report.source = 'online inquiry'
SET report.inquiry_status = row.status, report.inquiry_updated_at = datetime($now),
    report.inquiry_updated_by = row.by, report.updated_at = datetime($now)
SET report.verification = CASE WHEN row.verified THEN 'verified' ELSE report.verification END
SET report.exclude_from_matching = CASE WHEN row.out_of_matching THEN true ELSE null END
SET report.withdrawn_at = CASE WHEN row.withdraw THEN datetime($now) ELSE report.withdrawn_at END
WITH row, report
CALL (row, report) {
  WITH row, report WHERE row.out_of_matching
  OPTIONAL MATCH (report)-[:HAS_CANDIDATE]->(own:Candidate)
  WHERE own.review_status = 'proposed' AND NOT EXISTS { (:Review)-[:REVIEW_OF]->(own) }
  OPTIONAL MATCH (theirs:Candidate)-[:PROPOSES]->(report)
  WHERE theirs.review_status = 'proposed' AND NOT EXISTS { (:Review)-[:REVIEW_OF]->(theirs) }
  WITH collect(DISTINCT own) + collect(DISTINCT theirs) AS stale
  WITH stale, [candidate IN stale | 'Candidate|' + candidate.uid] AS gone
  FOREACH (candidate IN stale | DETACH DELETE candidate)
  RETURN gone
}
CALL (row, report) {
  WITH row, report WHERE row.withdraw
  SET report.sharing = $agency_only
  WITH report
  OPTIONAL MATCH (person:Person) WHERE person.uid STARTS WITH report.uid + '#'
  SET person.sharing = $agency_only
  WITH report, person
  CALL (report, person) {
    MATCH (person)-[link]-()
    WHERE link.source_record = report.record_id AND link.agency = report.agency
    SET link.sharing = $agency_only
  }
  RETURN collect('Person|' + person.uid) AS people
}
CALL (row, report) {
  WITH row, report WHERE row.withdraw
  MATCH (report)-[link]-()
  WHERE link.source_record = report.record_id AND link.agency = report.agency
  SET link.sharing = $agency_only
}
// the change journal's keys (graphmodel.journal): the report, its people, the candidates gone
WITH report, gone + coalesce(people, []) + ['Report|' + report.uid] AS keys
RETURN count(report) AS moved, reduce(all = [], part IN collect(keys) | all + part) AS touched
