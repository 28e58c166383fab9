// name: ui_inquiry_duplicates
// title: Existing reports proposed as the same person as an inquiry
// description: The report candidates of one online inquiry (the identification engine's duplicate detection), best first, with the other report's agency, record id, missing person and band, as far as the user's agency may see them.
// mode: read
// shown: ui
// param: uid: string ; example: INQUIRY:TG-7K3M-9P2X ; the inquiry's report
// param: agency: string ; example: ICRC ; the user's agency
// param: limit: integer = 10 ; example: 10 ; most reports proposed
MATCH (report:Report {uid: $uid})-[:HAS_CANDIDATE]->(candidate:Candidate)-[:PROPOSES]->(other:Report)
WHERE @visible(report:Report) AND @visible(other:Report)
OPTIONAL MATCH (other)-[:REPORTED_MISSING]->(person:Person)
WHERE @visible(person:Person)
RETURN candidate.uid AS candidate, candidate.band AS band, candidate.posterior AS posterior,
       candidate.log10_lr AS log10_lr, candidate.evidence AS evidence, other.uid AS report_uid,
       other.record_id AS record_id, other.agency AS agency, other.source AS source,
       other.verification AS verification, person.full_name AS name, person.date_of_birth AS date_of_birth
ORDER BY candidate.posterior DESC, candidate.log10_lr DESC
LIMIT $limit
