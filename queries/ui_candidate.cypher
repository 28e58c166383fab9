// name: ui_candidate
// title: One candidate identification
// description: A candidate with its report and proposed record, when the user may see both; used before a review decision is recorded.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17->MORGUE:B-3 ; the candidate
// param: agency: string ; example: ICRC ; the user's agency
MATCH (report:Report)-[:HAS_CANDIDATE]->(c:Candidate {uid: $uid})-[:PROPOSES]->(target)
WHERE @visible(report:Report)
  AND @visible(target:Remains|Report|Sighting)
RETURN c.uid AS uid, c.review_status AS review_status, c.band AS band, report.uid AS report_uid,
       labels(target)[0] AS target_label, target.uid AS target_uid
