// name: ui_case_chains
// title: The link chains from a report to every one of its candidates
// description: For each candidate of the report whose proposed record the user may see: the report, the record, the shortest chains (at most 6 hops, through the same facts as link_chains and only nodes the user may see) that connect them, and the path to the report's missing person; nodes as {key, label, properties}, relationships as {start, end, type} in their stored direction, keyed by uid (else element id). One query for the whole case, however many candidates it has.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17 ; the report
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
MATCH (report:Report {uid: $uid})-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(target)
WHERE @visible(report:Report) AND @visible(target) AND @cleared(target)
CALL (report, target) {
  MATCH p = SHORTEST 8 (report) (()-[:REPORTED_MISSING|BOARDED|ABOARD|ENDED_IN|RECOVERED_FROM|RECOVERED_AT|SEEN_AT|RECORDS|REFERS_TO|SAMPLED_FROM|KINSHIP_MATCH|RELATIVE_OF|FILED|LAST_SEEN_AT|DEPARTED_FROM|ENDED_AT|OCCURRED_AT|OF_VESSEL]-(x WHERE
      @visible(x) AND @cleared(x) AND NOT x:Agency AND NOT x:Delivery AND NOT x:Route
      AND NOT x:Candidate)){1,6} (target)
  RETURN collect(p) AS chains
}
CALL (report) {
  OPTIONAL MATCH missing = (report)-[:REPORTED_MISSING]->(person:Person)
  WHERE @visible(person:Person)
  RETURN collect(missing) AS missing
}
RETURN c.uid AS candidate_uid,
       {key: coalesce(report.uid, elementId(report)), label: labels(report)[0], properties: properties(report)} AS report,
       {key: coalesce(target.uid, elementId(target)), label: labels(target)[0], properties: properties(target)} AS target,
       [p IN chains | {
         nodes: [n IN nodes(p) | {key: coalesce(n.uid, elementId(n)), label: labels(n)[0], properties: properties(n)}],
         links: [r IN relationships(p) | {start: coalesce(startNode(r).uid, elementId(startNode(r))),
                                          end: coalesce(endNode(r).uid, elementId(endNode(r))), type: type(r)}]
       }] AS chains,
       [p IN missing | {
         nodes: [n IN nodes(p) | {key: coalesce(n.uid, elementId(n)), label: labels(n)[0], properties: properties(n)}],
         links: [r IN relationships(p) | {start: coalesce(startNode(r).uid, elementId(startNode(r))),
                                          end: coalesce(endNode(r).uid, elementId(endNode(r))), type: type(r)}]
       }] AS missing
ORDER BY candidate_uid
