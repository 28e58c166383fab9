// name: connecting_network
// title: How several records are connected
// description: For every pair of the records given (reports, persons, remains, sightings, voyages, incidents, DNA profiles), the shortest explicit path between them (through the same facts as link_chains, at most 6 hops), each hop with its provenance; together they are the network connecting the records. Pairs with no path within max_hops are left out.
// mode: read
// shown: cli, engine
// category: The graph
// graph: yes
// param: uids: list ; example: ICRC:R-17,MORGUE:B-3,ICRC:V-2 ; the records to connect
// param: max_hops: integer = 6 ; example: 6 ; longest path between two of them (at most 6)
UNWIND $uids AS first
UNWIND $uids AS second
WITH first, second WHERE first < second
CALL (first) {
  MATCH (n:Report {uid: first}) RETURN n
  UNION MATCH (n:Person {uid: first}) RETURN n
  UNION MATCH (n:Remains {uid: first}) RETURN n
  UNION MATCH (n:Sighting {uid: first}) RETURN n
  UNION MATCH (n:Voyage {uid: first}) RETURN n
  UNION MATCH (n:Incident {uid: first}) RETURN n
  UNION MATCH (n:DNAProfile {uid: first}) RETURN n
  UNION MATCH (n:Vessel {uid: first}) RETURN n
}
WITH first, second, n AS a
CALL (second) {
  MATCH (n:Report {uid: second}) RETURN n
  UNION MATCH (n:Person {uid: second}) RETURN n
  UNION MATCH (n:Remains {uid: second}) RETURN n
  UNION MATCH (n:Sighting {uid: second}) RETURN n
  UNION MATCH (n:Voyage {uid: second}) RETURN n
  UNION MATCH (n:Incident {uid: second}) RETURN n
  UNION MATCH (n:DNAProfile {uid: second}) RETURN n
  UNION MATCH (n:Vessel {uid: second}) RETURN n
}
WITH first, second, a, n AS b
MATCH p = SHORTEST 1 (a)(()-[:REPORTED_MISSING|BOARDED|ABOARD|ENDED_IN|RECOVERED_FROM|RECOVERED_AT|SEEN_AT|RECORDS|REFERS_TO|SAMPLED_FROM|KINSHIP_MATCH|RELATIVE_OF|FILED|LAST_SEEN_AT|DEPARTED_FROM|ENDED_AT|OCCURRED_AT|OF_VESSEL]-(x WHERE NOT x:Candidate)){1,6}(b)
WHERE length(p) <= $max_hops
WITH first, second, p, nodes(p) AS ns, relationships(p) AS rs
RETURN first, second, length(p) AS hops,
       [i IN range(0, size(rs) - 1) | {
         from_uid: ns[i].uid, from_label: labels(ns[i])[0],
         relationship: type(rs[i]), forward: startNode(rs[i]) = ns[i],
         to_uid: ns[i + 1].uid, to_label: labels(ns[i + 1])[0],
         agency: coalesce(rs[i].agency, startNode(rs[i]).agency),
         record: coalesce(rs[i].source_record, startNode(rs[i]).source_record, startNode(rs[i]).record_id),
         source_file: rs[i].source_file,
         date: coalesce(startNode(rs[i]).recovery_date, startNode(rs[i]).date, startNode(rs[i]).last_seen_date,
                        startNode(rs[i]).reported_on, startNode(rs[i]).departure_date,
                        toString(rs[i].updated_at)),
         detail: CASE type(rs[i])
                   WHEN 'KINSHIP_MATCH' THEN 'log10 LR ' + toString(round(rs[i].log10_lr, 1)) +
                        CASE WHEN rs[i].excluded THEN ' (excluded)' ELSE '' END
                   WHEN 'RELATIVE_OF' THEN rs[i].relationship
                   ELSE null END
       }] AS chain
ORDER BY first, second
