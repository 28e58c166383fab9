// name: match_mark_conflicts
// title: Flag candidates whose record is confirmed for another report
// description: A candidate (not excluded, not settled) whose proposed record is confirmed as the identification of another report gets conflict = true and those reports in conflict_with, whatever its band; candidates whose conflict has gone are cleared. The match run ends with it; run it after each confirmation too.
// mode: write
// shown: engine
CALL () {
  MATCH (c:Candidate {conflict: true})
  WHERE c.review_status IN ['excluded', 'settled'] OR NOT EXISTS {
    MATCH (c)-[:PROPOSES]->(t)<-[:PROPOSES]-(other:Candidate {review_status: 'confirmed'})
    WHERE other <> c }
  SET c.conflict = false, c.conflict_with = null
  RETURN collect('Candidate|' + c.uid) AS cleared
}
CALL () {
  MATCH (confirmed:Candidate {review_status: 'confirmed'})-[:PROPOSES]->(t)
  MATCH (confirmed)<-[:HAS_CANDIDATE]-(owner:Report)
  MATCH (t)<-[:PROPOSES]-(c:Candidate)
  WHERE c <> confirmed AND NOT c.review_status IN ['excluded', 'settled']
  WITH c, collect(DISTINCT owner.uid) AS owners
  WITH c, owners, coalesce(c.conflict, false) AND c.conflict_with = owners AS unchanged
  SET c.conflict = true, c.conflict_with = owners
  RETURN collect(CASE WHEN unchanged THEN null ELSE 'Candidate|' + c.uid END) AS flagged
}
// the change journal's keys of the candidates whose flag changed (graphmodel.journal)
RETURN size(cleared) + size(flagged) AS changed, cleared + flagged AS touched
