// name: kinship_family_of_report
// title: The family of one report, for a kinship explanation
// description: The references of one report (by record id) with relationships, sexes, genotypes and stated population.
// mode: read
// shown: engine
// param: report: string ; example: TR0000001 ; the report's record id as delivered
// param: agency: string = null ; example: DEMO ; the delivering agency (any when omitted)
MATCH (r:Report {record_id: $report})-[:REPORTED_MISSING]->(m:Person)
WHERE $agency IS NULL OR r.agency = $agency
OPTIONAL MATCH (d:DNAProfile {sample_kind: 'reference'})-[:SAMPLED_FROM]->(rel:Person)-[k:RELATIVE_OF]->(m)
WHERE d.genotypes IS NOT NULL
RETURN r.uid AS report, m.sex AS sex,
       [x IN collect({sample: d.uid, relationship: k.relationship, sex: rel.sex, genotypes: d.genotypes,
                      population: d.population}) WHERE x.sample IS NOT NULL] AS references
