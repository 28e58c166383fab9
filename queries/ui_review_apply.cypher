// name: ui_review_apply
// title: Record a review decision on a candidate
// description: Appends a Review to the candidate's trail and moves its review_status, only when no decision with the same token exists and the status is still the one the reviewer saw; a retried or double-clicked submission is recorded once. The candidate is locked first so two reviewers cannot both move it from the same state.
// mode: write
// shown: ui
// param: candidate_uid: string ; example: ICRC:R-17->MORGUE:B-3 ; the candidate
// param: review_uid: string ; example: ICRC:R-17->MORGUE:B-3#review:5f0c... ; the decision's idempotency key
// param: expected_status: string ; example: proposed ; the status the reviewer saw
// param: to_status: string ; example: under_review ; the new status
// param: reviewer: string ; example: amina ; user name
// param: reason: string ; example: Same tattoo and ring ; why
// param: at: string ; example: 2024-05-01T10:00:00+00:00 ; when (ISO 8601)
// param: agency: string ; example: ICRC ; the reviewer's agency
MATCH (report:Report)-[:HAS_CANDIDATE]->(c:Candidate {uid: $candidate_uid})-[:PROPOSES]->(target)
WHERE @visible(report:Report)
  AND @visible(target:Remains|Report|Sighting)
SET c.review_lock = true
REMOVE c.review_lock
WITH c
OPTIONAL MATCH (prior:Review {uid: $review_uid})-[:REVIEW_OF]->(c)
WITH c, prior, c.review_status AS status_before
WITH c, prior, status_before, prior IS NULL AND status_before = $expected_status AS apply
FOREACH (_ IN CASE WHEN apply THEN [1] ELSE [] END |
  CREATE (:Review {uid: $review_uid, decision: $to_status, from_status: status_before,
                   to_status: $to_status, reviewer: $reviewer, reason: $reason,
                   at: datetime($at)})-[:REVIEW_OF]->(c)
  SET c.review_status = $to_status, c.reviewed_at = datetime($at), c.reviewed_by = $reviewer)
RETURN apply AS recorded, prior IS NOT NULL AS duplicate, status_before,
       c.review_status AS status_after
