// name: review_confirmed_near
// title: Confirmed identifications that may close new candidates
// description: For candidates just written, the confirmed candidates whose rule (review_settle) could close them: a confirmed remains or sighting candidate of the same report, a confirmed candidate proposing the same record, a confirmed remains candidate proposing a further part of the same body (SAME_BODY_AS of kind fragment, as review_settle follows it), and for a report proposing another report the other report's confirmed candidate proposing this one (the mirror). A match run settles these after each batch instead of every confirmed candidate of the graph, once the graph has been settled whole at the run's first new candidate. Each closure of review_settle has its branch here: change both together (tests/identify/test_match_scale.py compares them).
// mode: read
// shown: engine
// param: uids: list ; example: ICRC:R-17->MORGUE:B-3 ; uids of candidates just written
UNWIND $uids AS uid
MATCH (report:Report)-[:HAS_CANDIDATE]->(c:Candidate {uid: uid})-[:PROPOSES]->(target)
CALL (c, report, target) {
  MATCH (report)-[:HAS_CANDIDATE]->(done:Candidate {review_status: 'confirmed'})
  WHERE done.candidate_kind <> 'report' AND c.candidate_kind IN ['remains', 'sighting']
  RETURN done
  UNION
  MATCH (target)<-[:PROPOSES]-(done:Candidate {review_status: 'confirmed'})
  WHERE done.candidate_kind <> 'report'
  RETURN done
  UNION
  MATCH (target)(()-[link:SAME_BODY_AS WHERE link.kind = 'fragment']-()){1,6}(part:Remains)
        <-[:PROPOSES]-(done:Candidate {review_status: 'confirmed'})
  WHERE done.candidate_kind = 'remains' AND part <> target
  RETURN done
  UNION
  MATCH (target)-[:HAS_CANDIDATE]->(done:Candidate {review_status: 'confirmed'})-[:PROPOSES]->(report)
  WHERE done.candidate_kind = 'report'
  RETURN done
}
RETURN DISTINCT done.uid AS uid
