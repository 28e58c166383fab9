// name: ui_case_candidates
// title: The candidate identifications of a report
// description: Each candidate of the report whose proposed record the user may see, with its evidence, its review trail, and conflicts: other reports whose candidates strongly match (or are confirmed to) the same record. Conflicts in records the user may not see are only counted.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17 ; the report
// param: agency: string ; example: ICRC ; the user's agency
// discloses: hidden_conflicts ; how many strong or confirmed candidates of reports the user may not see propose the same record
MATCH (report:Report {uid: $uid})-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(target)
WHERE @visible(report:Report)
  AND @visible(target:Remains|Report|Sighting)
CALL (c) {
  OPTIONAL MATCH (review:Review)-[:REVIEW_OF]->(c)
  WITH review ORDER BY review.at
  RETURN collect(review {.uid, .decision, .from_status, .to_status, .reviewer, .reason,
                         at: toString(review.at)}) AS trail
}
CALL (c, target) {
  OPTIONAL MATCH (other:Report)-[:HAS_CANDIDATE]->(rival:Candidate)-[:PROPOSES]->(target)
  WHERE rival <> c AND (rival.band = 'strong' OR rival.review_status = 'confirmed')
    AND rival.review_status <> 'excluded'
  WITH other, rival,
       @visible(other:Report) AS visible
  RETURN collect(CASE WHEN rival IS NOT NULL AND visible THEN {report_uid: other.uid, candidate_uid: rival.uid,
                 band: rival.band, review_status: rival.review_status} END) AS conflicts,
         count(CASE WHEN rival IS NOT NULL AND NOT visible THEN 1 END) AS hidden_conflicts
}
RETURN c {.uid, .candidate_kind, .log10_lr, .posterior, .band, .review_status, .evidence,
          reviewed_at: toString(c.reviewed_at), .reviewed_by} AS candidate,
       labels(target)[0] AS target_label, target.uid AS target_uid,
       coalesce(target.case_number, target.full_name, target.record_id, target.uid) AS target_title,
       target.agency AS target_agency,
       coalesce(target.recovery_date, target.date, target.reported_on) AS target_date,
       trail, conflicts, hidden_conflicts
ORDER BY CASE c.review_status WHEN 'confirmed' THEN 0 WHEN 'under_review' THEN 1 WHEN 'proposed' THEN 2 ELSE 3 END,
         c.log10_lr DESC, c.uid
