// name: ui_candidate
// title: One candidate identification
// description: A candidate with its report and proposed record, when the user may see both; used before a review decision is recorded: who proposed its confirmation, and which identification of the same report or record (a duplicate-report candidate aside) is already confirmed, if any.
// mode: read
// shown: ui
// discloses: confirmed_elsewhere ; that another identification of the report or the record is confirmed, when it lies in records the user may not see
// param: uid: string ; example: ICRC:R-17->MORGUE:B-3 ; the candidate
// param: agency: string ; example: ICRC ; the user's agency
MATCH (report:Report)-[:HAS_CANDIDATE]->(c:Candidate {uid: $uid})-[:PROPOSES]->(target)
WHERE @visible(report:Report)
  AND @visible(target:Remains|Report|Sighting)
CALL (c, report, target) {
  OPTIONAL MATCH (owner:Report)-[:HAS_CANDIDATE]->(other:Candidate {review_status: 'confirmed'})-[:PROPOSES]->(its)
  WHERE other <> c AND other.candidate_kind <> 'report' AND c.candidate_kind <> 'report'
    AND (owner = report OR its = target)
  WITH other, @visible(owner:Report) AND @visible(its:Remains|Report|Sighting) AS visible
  RETURN collect(CASE WHEN other IS NULL THEN null WHEN visible THEN other.uid
                      ELSE 'of a report not shared with your agency' END)[0]
         AS confirmed_elsewhere
}
RETURN c.uid AS uid, c.review_status AS review_status, c.band AS band, c.candidate_kind AS candidate_kind,
       report.uid AS report_uid, labels(target)[0] AS target_label, target.uid AS target_uid,
       c.confirmation_proposed_by AS confirmation_proposed_by,
       c.confirmation_proposed_agency AS confirmation_proposed_agency, confirmed_elsewhere
