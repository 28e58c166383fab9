// name: kinship_neighbourhood_pairs
// title: Post-mortem profiles from the voyage a missing person boarded
// description: Each report with the post-mortem profiles of remains recovered from a voyage its missing person boarded, or from the incident that voyage ended in. The screening records its result for these pairs even when DNA excludes them, so reviewers see who was ruled out where it matters.
// mode: read
// shown: engine
MATCH (r:Report)-[:REPORTED_MISSING]->(:Person)-[:BOARDED]->(v:Voyage)
OPTIONAL MATCH (v)-[:ENDED_IN]->(i:Incident)
WITH r, v, collect(i) AS incidents
UNWIND [v] + incidents AS event
MATCH (event)<-[:RECOVERED_FROM]-(:Remains)<-[:SAMPLED_FROM]-(d:DNAProfile {sample_kind: 'post_mortem'})
WHERE d.genotypes IS NOT NULL AND NOT coalesce(d.placeholder, false)
RETURN DISTINCT r.uid AS report, d.uid AS profile
