// name: match_conflict_count
// title: How many candidates are in conflict
// description: The number of candidates whose proposed record is confirmed as another report's identification.
// mode: read
// shown: engine
MATCH (c:Candidate {conflict: true})
RETURN count(c) AS conflicts
