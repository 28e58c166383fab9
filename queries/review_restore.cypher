// name: review_restore
// title: Undo what a reopened confirmation implied
// description: When a candidate is no longer confirmed (it was reopened), every candidate it settled gets back the status it had (settled_from), and the report's status and the remains' identification_status get back the values the confirmation replaced. A candidate restored to proposed loses any second-look flag taken while it was settled, as a proposed candidate never carries one. Does nothing while the candidate is still confirmed, so it is safe to run after any decision.
// mode: write
// shown: engine
// param: candidate_uid: string ; example: ICRC:R-17->MORGUE:B-3 ; the reopened candidate
MATCH (report:Report)-[:HAS_CANDIDATE]->(c:Candidate {uid: $candidate_uid})-[:PROPOSES]->(target)
WHERE c.review_status <> 'confirmed'
CALL (c, report, target) {
  OPTIONAL MATCH (report)-[:HAS_CANDIDATE]->(other:Candidate {settled_by: c.uid})
  RETURN collect(other) AS same_report
}
CALL (c, report, target) {
  OPTIONAL MATCH (target)<-[:PROPOSES]-(other:Candidate {settled_by: c.uid})
  RETURN collect(other) AS same_record
}
CALL (c, report, target) {
  OPTIONAL MATCH (target)(()-[:SAME_BODY_AS]-()){1,6}(part:Remains)<-[:PROPOSES]-(other:Candidate {settled_by: c.uid})
  WHERE part <> target
  RETURN collect(other) AS same_body
}
CALL (c, report, target) {
  OPTIONAL MATCH (target)-[:HAS_CANDIDATE]->(other:Candidate {settled_by: c.uid})
  RETURN collect(other) AS mirror
}
CALL (c, same_report, same_record, same_body, mirror) {
  UNWIND same_report + same_record + same_body + mirror AS other
  WITH DISTINCT other
  SET other.review_status = coalesce(other.settled_from, 'proposed')
  SET other += CASE WHEN other.review_status = 'proposed' THEN {needs_second_look: false, second_look_at: null,
      second_look_reason: null, second_look_hash: null} ELSE {} END
  SET other.settled_from = null, other.settled_by = null, other.settled_at = null
  RETURN count(other) AS restored, collect('Candidate|' + other.uid) AS restored_keys
}
CALL (c, report) {
  WITH c, report WHERE report.confirmed_candidate = c.uid
  SET report.status = report.status_before_confirmation, report.status_before_confirmation = null,
      report.confirmed_candidate = null
  RETURN collect('Report|' + report.uid) AS report_keys
}
CALL (c, target) {
  WITH c, target WHERE target.confirmed_candidate = c.uid
  SET target.identification_status = CASE WHEN c.candidate_kind = 'remains'
        THEN target.identification_status_before_confirmation ELSE target.identification_status END,
      target.identification_status_before_confirmation = null, target.confirmed_candidate = null
  RETURN collect(labels(target)[0] + '|' + target.uid) AS target_keys
}
// the change journal's keys of what changed (graphmodel.journal)
WITH restored, restored_keys + report_keys + target_keys AS keys
RETURN sum(restored) AS restored, reduce(all = [], part IN collect(keys) | all + part) AS touched
