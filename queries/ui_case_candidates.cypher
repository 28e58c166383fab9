// name: ui_case_candidates
// title: The candidate identifications of a report
// description: Each candidate of the report whose proposed record the user may see, with its evidence, its review state (who proposed a confirmation, who confirmed, which confirmation settled it, named only when the user may see it), its review trail, and conflicts: other reports whose candidates strongly match (or are confirmed to) the same record, and rival claims strong on their own evidence (another body for this report, another report for this body: RIVAL_OF). Conflicts in records the user may not see are only counted.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17 ; the report
// param: agency: string ; example: ICRC ; the user's agency
// discloses: hidden_conflicts ; how many strong or confirmed candidates of reports the user may not see propose the same record
// discloses: hidden_rivals ; how many rival claims strong on their own evidence (RIVAL_OF) link records the user may not see
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
    AND NOT rival.review_status IN ['excluded', 'settled']
  WITH other, rival,
       @visible(other:Report) AS visible
  RETURN collect(CASE WHEN rival IS NOT NULL AND visible THEN {report_uid: other.uid, candidate_uid: rival.uid,
                 band: rival.band, review_status: rival.review_status} END) AS conflicts,
         count(CASE WHEN rival IS NOT NULL AND NOT visible THEN 1 END) AS hidden_conflicts
}
CALL (c) {
  OPTIONAL MATCH (c)-[link:RIVAL_OF]->(rival:Candidate)<-[:HAS_CANDIDATE]-(other:Report)
  OPTIONAL MATCH (rival)-[:PROPOSES]->(record)
  WITH link, rival, other, record,
       @visible(other:Report) AND @visible(record:Remains|Report|Sighting) AND @visible(rival:Candidate) AS visible
  WITH link, rival, other, record, visible ORDER BY link.kind, other.uid, rival.uid
  RETURN collect(CASE WHEN rival IS NOT NULL AND visible THEN {kind: link.kind, report_uid: other.uid,
                 candidate_uid: rival.uid, record_uid: record.uid} END) AS rivals,
         count(CASE WHEN rival IS NOT NULL AND NOT visible THEN 1 END) AS hidden_rivals
}
CALL (c) {
  // the body's other record is named only when the user may see it
  OPTIONAL MATCH (body:Remains {uid: c.same_body_as})
  WHERE @visible(body:Remains)
  RETURN body.uid AS same_body_as
}
CALL (c) {
  OPTIONAL MATCH (owner:Report)-[:HAS_CANDIDATE]->(closer:Candidate {uid: c.settled_by})-[:PROPOSES]->(its)
  RETURN CASE WHEN closer IS NULL THEN null
              WHEN @visible(owner:Report) AND @visible(its:Remains|Report|Sighting) THEN closer.uid
              ELSE 'of a report not shared with your agency' END AS settled_by
}
RETURN c {.uid, .candidate_kind, .log10_lr, .posterior, .band, .review_status, .evidence,
          reviewed_at: toString(c.reviewed_at), .reviewed_by, .confirmation_proposed_by,
          .confirmation_proposed_agency, confirmation_proposed_at: toString(c.confirmation_proposed_at),
          .confirmed_by, confirmed_at: toString(c.confirmed_at), settled_by: settled_by, .settled_from,
          settled_at: toString(c.settled_at),
          pairwise_posterior: coalesce(c.pairwise_posterior, c.posterior),
          association: coalesce(c.association, 'identification'), same_body_as: same_body_as} AS candidate,
       labels(target)[0] AS target_label, target.uid AS target_uid,
       coalesce(target.case_number, target.full_name, target.record_id, target.uid) AS target_title,
       target.agency AS target_agency,
       coalesce(target.recovery_date, target.date, target.reported_on) AS target_date,
       trail, conflicts, hidden_conflicts, rivals, hidden_rivals
ORDER BY CASE c.review_status WHEN 'confirmed' THEN 0 WHEN 'confirmation_proposed' THEN 1 WHEN 'under_review' THEN 2
              WHEN 'proposed' THEN 3 WHEN 'settled' THEN 4 ELSE 5 END,
         c.log10_lr DESC, c.uid
