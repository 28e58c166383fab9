// name: voyage_neighbourhood
// title: What else is connected to a voyage or an incident
// description: Everything the graph ties to one voyage or incident: the incident it ended in (or the voyages that ended in the incident), the persons believed aboard and their reports, the sightings that place someone aboard, the remains recovered from it, their post-mortem DNA profiles and the reports those matched, the vessel, and where it left from and ended. One row per connected record, with how it is connected.
// mode: read
// shown: cli, engine
// category: Voyages and incidents
// graph: yes
// param: uid: string ; example: ICRC:V-2 ; the voyage or incident
CALL () {
  MATCH (v:Voyage {uid: $uid}) RETURN v
  UNION MATCH (:Incident {uid: $uid})<-[:ENDED_IN]-(v:Voyage) RETURN v
}
WITH collect(DISTINCT v) AS voyages
OPTIONAL MATCH (incident:Incident {uid: $uid})
WITH voyages, [i IN [incident] WHERE i IS NOT NULL] +
     COLLECT { UNWIND voyages AS v MATCH (v)-[:ENDED_IN]->(i:Incident) RETURN DISTINCT i } AS incidents
CALL (voyages, incidents) {
  UNWIND voyages AS v RETURN 'voyage' AS connection, v AS node, null AS via
  UNION ALL UNWIND incidents AS i RETURN 'incident the voyage ended in' AS connection, i AS node, null AS via
  UNION ALL UNWIND voyages AS v MATCH (p:Person)-[:BOARDED]->(v)
    OPTIONAL MATCH (r:Report)-[:REPORTED_MISSING]->(p)
    RETURN 'report of a person believed aboard' AS connection, coalesce(r, p) AS node, v.uid AS via
  UNION ALL UNWIND voyages AS v MATCH (s:Sighting)-[:ABOARD]->(v)
    RETURN 'sighting placing someone aboard' AS connection, s AS node, v.uid AS via
  UNION ALL UNWIND voyages + incidents AS n MATCH (x:Remains)-[:RECOVERED_FROM]->(n)
    RETURN 'remains recovered from it' AS connection, x AS node, n.uid AS via
  UNION ALL UNWIND voyages + incidents AS n
    MATCH (n)<-[:RECOVERED_FROM]-(x:Remains)<-[:SAMPLED_FROM]-(:DNAProfile)-[k:KINSHIP_MATCH]->(r:Report)
    WHERE NOT coalesce(k.excluded, false)
    RETURN 'report whose family matched remains from it (DNA)' AS connection, r AS node, x.uid AS via
  UNION ALL UNWIND voyages AS v MATCH (v)-[:OF_VESSEL]->(vessel:Vessel)
    RETURN 'vessel' AS connection, vessel AS node, v.uid AS via
  UNION ALL UNWIND voyages AS v MATCH (v)-[rel:DEPARTED_FROM|ENDED_AT]->(place:Place)
    RETURN CASE type(rel) WHEN 'DEPARTED_FROM' THEN 'departed from' ELSE 'ended at' END AS connection,
           place AS node, v.uid AS via
  UNION ALL UNWIND incidents AS i MATCH (i)-[:OCCURRED_AT]->(place:Place)
    RETURN 'incident place' AS connection, place AS node, i.uid AS via
}
RETURN DISTINCT connection, labels(node)[0] AS label, node.uid AS uid, node.record_id AS record_id,
       node.agency AS agency,
       coalesce(node.recovery_date, node.date, node.reported_on, node.departure_date, node.name) AS date_or_name,
       via
ORDER BY connection, uid
