// name: link_chains
// title: Link chains between a report and a record
// description: The shortest explicit paths in the graph from a report to a record (remains, sighting, report, voyage, incident), shortest first, each hop with its provenance: the agency and record that stated it and the record's date. Paths go through the facts (missing person, voyages, incidents, places, relatives, DNA samples and kinship matches), never through candidates, agencies, routes or burial places, which everything shares. The query searches at most 6 hops and 10 paths; max_hops and paths cut below that.
// mode: read
// shown: cli, engine
// category: Identification
// graph: yes
// param: report_uid: string ; example: ICRC:R-17 ; the report
// param: target_uid: string ; example: MORGUE:B-3 ; the record at the other end
// param: max_hops: integer = 6 ; example: 6 ; longest chain returned (at most 6)
// param: paths: integer = 5 ; example: 5 ; most chains returned (at most 10)
MATCH (a:Report {uid: $report_uid})
CALL () {
  MATCH (b:Remains {uid: $target_uid}) RETURN b
  UNION MATCH (b:Sighting {uid: $target_uid}) RETURN b
  UNION MATCH (b:Report {uid: $target_uid}) RETURN b
  UNION MATCH (b:Voyage {uid: $target_uid}) RETURN b
  UNION MATCH (b:Incident {uid: $target_uid}) RETURN b
}
MATCH p = SHORTEST 10 (a)(()-[:REPORTED_MISSING|BOARDED|ABOARD|ENDED_IN|RECOVERED_FROM|RECOVERED_AT|SEEN_AT|RECORDS|REFERS_TO|SAMPLED_FROM|KINSHIP_MATCH|RELATIVE_OF|FILED|LAST_SEEN_AT|DEPARTED_FROM|ENDED_AT|OCCURRED_AT|OF_VESSEL]-(x WHERE NOT x:Candidate)){1,6}(b)
WHERE length(p) <= $max_hops
WITH p, nodes(p) AS ns, relationships(p) AS rs
RETURN length(p) AS hops,
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
// Chains of one length come back from the search in the store's own order, which differs between
// two copies of the same graph (an analyst's view and the main graph): the nodes' keys, the
// relationships' types and the records that stated them give the same chains in the same order.
ORDER BY hops, [n IN ns | n.uid], [r IN rs | type(r)], [r IN rs | coalesce(r.source_record, '')]
LIMIT $paths
