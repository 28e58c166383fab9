// name: inquiry_merge
// title: Merge an online inquiry into an existing report
// description: Records that the online inquiry concerns the same missing person as an existing report (DUPLICATE_OF, with who merged it and why), links the relatives and fellow travellers the family named to that report's missing person, and takes the inquiry out of matching (its candidates still proposed are removed). The app runs it only after the access rule has shown the target to the investigator (ui_case_report); a target that is an unverified inquiry or out of matching is refused and nothing is written.
// mode: write
// shown: engine
// param: uid: string ; example: INQUIRY:TG-7K3M-9P2X ; the inquiry's report
// param: target: string ; example: ICRC:R-17 ; the existing report
// param: by: string ; example: amina ; the investigator
// param: reason: string ; example: same name, parents and boat ; why
// param: now: string ; example: 2024-05-01T10:00:00Z ; when (ISO 8601)
MATCH (inquiry:Report {uid: $uid}) WHERE inquiry.source = 'online inquiry'
MATCH (target:Report {uid: $target})
WHERE target.uid <> inquiry.uid
  AND (coalesce(target.source, '') <> 'online inquiry' OR target.verification = 'verified')
  AND target.exclude_from_matching IS NULL
MATCH (target)-[:REPORTED_MISSING]->(missing:Person)
MERGE (inquiry)-[same:DUPLICATE_OF]->(target)
  ON CREATE SET same.ingested_at = datetime($now)
SET same.merged_by = $by, same.reason = $reason, same.agency = inquiry.agency, same.sharing = inquiry.sharing,
    same.source_file = inquiry.source_file, same.source_record = inquiry.record_id, same.updated_at = datetime($now)
SET inquiry.inquiry_status = 'merged', inquiry.merged_into = target.uid, inquiry.exclude_from_matching = true,
    inquiry.inquiry_updated_at = datetime($now), inquiry.inquiry_updated_by = $by, inquiry.updated_at = datetime($now)
WITH inquiry, missing
CALL (inquiry, missing) {
  MATCH (inquiry)-[:REPORTED_MISSING]->(:Person)<-[named:RELATIVE_OF|TRAVELLED_WITH]-(person:Person)
  WITH inquiry, missing, person, named, type(named) AS kind
  CALL (inquiry, missing, person, named, kind) {
    WITH inquiry, missing, person, named WHERE kind = 'RELATIVE_OF'
    MERGE (person)-[kin:RELATIVE_OF]->(missing)
    SET kin.relationship = named.relationship, kin.agency = inquiry.agency, kin.sharing = inquiry.sharing,
        kin.source_file = inquiry.source_file, kin.source_record = inquiry.record_id,
        kin.ingested_at = coalesce(kin.ingested_at, datetime($now)), kin.updated_at = datetime($now)
    UNION
    WITH inquiry, missing, person, named WHERE kind = 'TRAVELLED_WITH'
    MERGE (person)-[together:TRAVELLED_WITH]->(missing)
    SET together.relationship = named.relationship, together.agency = inquiry.agency, together.sharing = inquiry.sharing,
        together.source_file = inquiry.source_file, together.source_record = inquiry.record_id,
        together.ingested_at = coalesce(together.ingested_at, datetime($now)), together.updated_at = datetime($now)
  }
}
CALL (inquiry) {
  OPTIONAL MATCH (inquiry)-[:HAS_CANDIDATE]->(own:Candidate)
  WHERE own.review_status = 'proposed' AND NOT EXISTS { (:Review)-[:REVIEW_OF]->(own) }
  OPTIONAL MATCH (theirs:Candidate)-[:PROPOSES]->(inquiry)
  WHERE theirs.review_status = 'proposed' AND NOT EXISTS { (:Review)-[:REVIEW_OF]->(theirs) }
  WITH collect(DISTINCT own) + collect(DISTINCT theirs) AS stale
  WITH stale, [candidate IN stale | 'Candidate|' + candidate.uid] AS gone
  FOREACH (candidate IN stale | DETACH DELETE candidate)
  RETURN gone
}
// the change journal's keys (graphmodel.journal): both reports, the people named, the candidates gone
RETURN inquiry.uid AS merged, $target AS into,
       ['Report|' + inquiry.uid, 'Report|' + $target, 'Person|' + missing.uid] + gone AS touched
