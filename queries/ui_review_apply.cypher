// name: ui_review_apply
// title: Record a review decision on a candidate
// description: Appends a Review to the candidate's trail and moves its review_status, only when no decision with the same token exists and the status is still the one the reviewer saw; a retried or double-clicked submission is recorded once. The report, the record and the candidate are locked first, so two reviewers cannot both move it from the same state nor confirm two identifications of one report or one record at once. A confirmation is applied only by someone other than the person who proposed it, of a role allowed to confirm (and of the proposer's agency when same_agency), and only while no other identification of the report or of the record is confirmed (a duplicate-report candidate excepted). Proposing a confirmation records who proposed it.
// mode: write
// shown: ui
// discloses: confirmed_as ; that another identification of the report or the record is confirmed, when it lies in records the user may not see
// param: candidate_uid: string ; example: ICRC:R-17->MORGUE:B-3 ; the candidate
// param: review_uid: string ; example: ICRC:R-17->MORGUE:B-3#review:5f0c... ; the decision's idempotency key
// param: expected_status: string ; example: proposed ; the status the reviewer saw
// param: to_status: string ; example: under_review ; the new status
// param: reviewer: string ; example: amina ; user name
// param: reviewer_role: string ; example: investigator ; the reviewer's role
// param: reviewer_agency: string ; example: ICRC ; the reviewer's agency, recorded with the decision
// param: confirm_roles: list ; example: investigator,analyst ; roles that may confirm
// param: same_agency: boolean ; example: true ; the confirmer must be of the proposer's agency
// param: reason: string ; example: Same tattoo and ring ; why
// param: at: string ; example: 2024-05-01T10:00:00+00:00 ; when (ISO 8601)
// param: agency: string ; example: ICRC ; the reviewer's agency (what they may see)
MATCH (report:Report)-[:HAS_CANDIDATE]->(c:Candidate {uid: $candidate_uid})-[:PROPOSES]->(target)
WHERE @visible(report:Report)
  AND @visible(target:Remains|Report|Sighting)
SET report.review_lock = true, target.review_lock = true, c.review_lock = true
REMOVE report.review_lock, target.review_lock, c.review_lock
WITH report, target, c
// One body is one person whoever recorded it: a confirmed identification in records the reviewer
// may not see blocks a second one too, and is named only when the reviewer may see it.
CALL (c, report, target) {
  OPTIONAL MATCH (owner:Report)-[:HAS_CANDIDATE]->(other:Candidate {review_status: 'confirmed'})-[:PROPOSES]->(its)
  WHERE other <> c AND other.candidate_kind <> 'report' AND c.candidate_kind <> 'report'
    AND (owner = report OR its = target)
  WITH other, @visible(owner:Report) AND @visible(its:Remains|Report|Sighting) AS visible
  RETURN count(other) AS confirmed_elsewhere,
         collect(CASE WHEN other IS NULL THEN null WHEN visible THEN other.uid
                      ELSE 'of a report not shared with your agency' END)[0] AS confirmed_as
}
OPTIONAL MATCH (prior:Review {uid: $review_uid})-[:REVIEW_OF]->(c)
WITH c, prior, confirmed_elsewhere, confirmed_as, c.review_status AS status_before
WITH c, prior, status_before, confirmed_as,
     prior IS NULL AND status_before = $expected_status
     AND ($to_status <> 'confirmed' OR (
           c.confirmation_proposed_by IS NOT NULL AND c.confirmation_proposed_by <> $reviewer
           AND $reviewer_role IN $confirm_roles
           AND (NOT $same_agency OR c.confirmation_proposed_agency = $reviewer_agency)
           AND confirmed_elsewhere = 0)) AS apply
FOREACH (_ IN CASE WHEN apply THEN [1] ELSE [] END |
  CREATE (:Review {uid: $review_uid, decision: $to_status, from_status: status_before,
                   to_status: $to_status, reviewer: $reviewer, reviewer_role: $reviewer_role,
                   reviewer_agency: $reviewer_agency, reason: $reason, at: datetime($at)})-[:REVIEW_OF]->(c)
  SET c.review_status = $to_status, c.reviewed_at = datetime($at), c.reviewed_by = $reviewer)
FOREACH (_ IN CASE WHEN apply AND $to_status = 'confirmation_proposed' THEN [1] ELSE [] END |
  SET c.confirmation_proposed_by = $reviewer, c.confirmation_proposed_agency = $reviewer_agency,
      c.confirmation_proposed_at = datetime($at))
FOREACH (_ IN CASE WHEN apply AND $to_status = 'confirmed' THEN [1] ELSE [] END |
  SET c.confirmed_by = $reviewer, c.confirmed_at = datetime($at), c.confirmed_review = $review_uid)
FOREACH (_ IN CASE WHEN apply AND status_before = 'confirmation_proposed' AND $to_status = 'under_review' THEN [1] ELSE [] END |
  SET c.confirmation_proposed_by = null, c.confirmation_proposed_agency = null, c.confirmation_proposed_at = null)
FOREACH (_ IN CASE WHEN apply AND status_before = 'confirmed' THEN [1] ELSE [] END |
  SET c.confirmation_proposed_by = null, c.confirmation_proposed_agency = null, c.confirmation_proposed_at = null,
      c.confirmed_by = null, c.confirmed_at = null, c.confirmed_review = null)
RETURN apply AS recorded, prior IS NOT NULL AS duplicate, status_before,
       c.review_status AS status_after, confirmed_as
