// name: review_settle
// title: What a confirmed identification implies
// description: For each confirmed candidate given (every confirmed one when candidates is null): an identification (remains or sighting) closes, as settled, every open candidate (proposed, under review, awaiting confirmation) that it rules out, namely the report's other remains and sighting candidates, every other candidate proposing the same record and, for remains, every candidate proposing a further part of the same body (remains linked to it by SAME_BODY_AS of kind fragment: one person's DNA); each keeps the status it had in settled_from and names the confirmation in settled_by (the first in uid order where several rule it out). The report's status becomes identified (remains) or found_alive (sighting) and the remains' identification_status identified, the values they replace being kept for a reopening (and put back after an agency delivered the record again with its own status). A confirmed duplicate report settles only the mirror candidate (the other report proposing this one) and changes no status. Idempotent; the same rule runs when a confirmation is recorded, after each batch of a match run that created candidates, at the end of every match run and of every ingestion. A match run's later batches find the confirmations to settle with review_confirmed_near, which follows the same closures: change both together.
// mode: write
// shown: engine
// param: candidates: list = null ; example: ICRC:R-17->MORGUE:B-3 ; confirmed candidate uids; null for every confirmed candidate
// param: at: string ; example: 2024-05-01T10:00:00+00:00 ; when (ISO 8601)
MATCH (done:Candidate {review_status: 'confirmed'})
WHERE $candidates IS NULL OR done.uid IN $candidates
MATCH (report:Report)-[:HAS_CANDIDATE]->(done)-[:PROPOSES]->(target)
CALL (done, report, target) {
  OPTIONAL MATCH (report)-[:HAS_CANDIDATE]->(other:Candidate)
  WHERE done.candidate_kind <> 'report' AND other.candidate_kind IN ['remains', 'sighting']
  RETURN collect(other) AS same_report
}
CALL (done, report, target) {
  OPTIONAL MATCH (target)<-[:PROPOSES]-(other:Candidate)
  WHERE done.candidate_kind <> 'report'
  RETURN collect(other) AS same_record
}
CALL (done, report, target) {
  OPTIONAL MATCH (target)(()-[link:SAME_BODY_AS WHERE link.kind = 'fragment']-()){1,6}(part:Remains)<-[:PROPOSES]-(other:Candidate)
  WHERE done.candidate_kind = 'remains' AND part <> target
  RETURN collect(other) AS same_body
}
CALL (done, report, target) {
  OPTIONAL MATCH (target)-[:HAS_CANDIDATE]->(other:Candidate)-[:PROPOSES]->(report)
  WHERE done.candidate_kind = 'report'
  RETURN collect(other) AS mirror
}
// A candidate next to several confirmations is settled by the first in uid order, whichever found it.
WITH done, report, target, same_report, same_record, same_body, mirror ORDER BY done.uid
CALL (done, same_report, same_record, same_body, mirror) {
  UNWIND same_report + same_record + same_body + mirror AS other
  WITH DISTINCT other
  WHERE other <> done AND other.review_status IN ['proposed', 'under_review', 'confirmation_proposed']
  SET other.settled_from = other.review_status, other.review_status = 'settled',
      other.settled_by = done.uid, other.settled_at = datetime($at)
  RETURN count(other) AS settled, collect('Candidate|' + other.uid) AS settled_keys
}
CALL (done, report) {
  WITH done, report, CASE done.candidate_kind WHEN 'remains' THEN 'identified' ELSE 'found_alive' END AS outcome
  WHERE done.candidate_kind IN ['remains', 'sighting']
    AND (coalesce(report.confirmed_candidate, '') <> done.uid OR coalesce(report.status, '') <> outcome)
  SET report.status_before_confirmation = report.status, report.status = outcome,
      report.confirmed_candidate = done.uid
  RETURN collect('Report|' + report.uid) AS report_keys
}
CALL (done, target) {
  WITH done, target WHERE done.candidate_kind IN ['remains', 'sighting'] AND coalesce(target.confirmed_candidate, '') <> done.uid
  SET target.confirmed_candidate = done.uid
  RETURN collect(labels(target)[0] + '|' + target.uid) AS target_keys
}
CALL (done, target) {
  WITH done, target WHERE done.candidate_kind = 'remains' AND coalesce(target.identification_status, '') <> 'identified'
  SET target.identification_status_before_confirmation = target.identification_status,
      target.identification_status = 'identified'
  RETURN collect('Remains|' + target.uid) AS remains_keys
}
// the change journal's keys of what changed (graphmodel.journal): the rule may apply anywhere
WITH settled, settled_keys + report_keys + target_keys + remains_keys AS keys
RETURN sum(settled) AS settled, reduce(all = [], part IN collect(keys) | all + part) AS touched
