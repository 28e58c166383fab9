// name: ui_graph_case
// title: The link chains from a report to one of its candidates
// description: The report, its missing person, the candidate identification and the record it proposes, and the shortest chains (at most 6 hops, through the same facts as link_chains and only nodes the user may see) that connect the report to that record.
// mode: read
// shown: ui
// graph: yes
// param: report_uid: string ; example: ICRC:R-17 ; the report
// param: candidate_uid: string ; example: ICRC:R-17->MORGUE:B-3 ; the candidate
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
MATCH (report:Report {uid: $report_uid})-[has:HAS_CANDIDATE]->(c:Candidate {uid: $candidate_uid})-[proposes:PROPOSES]->(target)
WHERE @visible(report:Report)
  AND @visible(target:Remains|Report|Sighting)
CALL (report, target) {
  MATCH p = SHORTEST 8 (report) (()-[:REPORTED_MISSING|BOARDED|ABOARD|ENDED_IN|RECOVERED_FROM|RECOVERED_AT|SEEN_AT|RECORDS|REFERS_TO|SAMPLED_FROM|KINSHIP_MATCH|RELATIVE_OF|FILED|LAST_SEEN_AT|DEPARTED_FROM|ENDED_AT|OCCURRED_AT|OF_VESSEL]-(x WHERE
      @visible(x)
      AND @cleared(x) AND NOT x:Agency AND NOT x:Delivery AND NOT x:Route
      AND NOT x:Candidate)){1,6} (target)
  RETURN collect(p) AS chains
}
OPTIONAL MATCH missing = (report)-[:REPORTED_MISSING]->(person:Person)
WHERE @visible(person:Person)
RETURN report, has, c, proposes, target, chains, missing
