// name: ui_review_status
// title: Whether a review decision is already recorded
// description: The candidate's current review status and whether a Review with the given key already hangs off it (a retried submission), when the user may see the candidate.
// mode: read
// shown: ui
// param: candidate_uid: string ; example: ICRC:R-17->MORGUE:B-3 ; the candidate
// param: review_uid: string ; example: ICRC:R-17->MORGUE:B-3#review:5f0c... ; the decision's key
// param: agency: string ; example: ICRC ; the reviewer's agency
MATCH (c:Candidate {uid: $candidate_uid})
WHERE @visible(c)
RETURN c.review_status AS status,
       EXISTS { (:Review {uid: $review_uid})-[:REVIEW_OF]->(c) } AS already_recorded
