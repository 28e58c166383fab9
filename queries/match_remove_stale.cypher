// name: match_remove_stale
// title: Remove candidates the evidence no longer proposes
// description: Deletes candidates that a match run no longer proposes for their report, only while they are still proposed and nobody has reviewed them; a reviewed candidate is never removed.
// mode: write
// shown: engine
// param: uids: list ; example: ICRC:R-17->MORGUE:B-3 ; candidate uids
UNWIND $uids AS uid
MATCH (c:Candidate {uid: uid})
WHERE c.review_status = 'proposed' AND NOT EXISTS { (:Review)-[:REVIEW_OF]->(c) }
DETACH DELETE c
