// name: incidents_more_bodies_than_dead
// title: Incidents with more bodies recovered than reported dead
// description: Where the remains linked to an incident (directly or through its voyage) outnumber its published number of dead: the published figure, or a link, needs checking.
// mode: read
// shown: ui, cli
// category: Voyages and incidents
MATCH (i:Incident)
CALL (i) {
  OPTIONAL MATCH (rm:Remains)-[:RECOVERED_FROM]->(i)
  RETURN collect(rm) AS direct
}
CALL (i) {
  OPTIONAL MATCH (rm:Remains)-[:RECOVERED_FROM]->(:Voyage)-[:ENDED_IN]->(i)
  RETURN collect(rm) AS through_voyage
}
WITH i, size(apoc.coll.toSet(direct + through_voyage)) AS bodies
WHERE bodies > coalesce(i.dead, 0)
RETURN i.record_id AS incident, i.agency AS agency, i.date AS date, coalesce(i.dead, 0) AS reported_dead, bodies AS bodies_recovered
ORDER BY bodies - coalesce(i.dead, 0) DESC, incident
