// name: family_reference_samples
// title: The family of a report and their reference samples
// description: The relatives linked to a report, their relationship to the missing person, whether they filed the report, and the reference samples they gave (ids and loci counts only).
// mode: read
// shown: ui, cli
// category: Families and DNA
// graph: yes
// param: report: string ; example: R-000001 ; the report's record id
// param: agency: string = null ; example: DEMO ; the agency of the report (any when omitted)
MATCH (r:Report {record_id: $report})-[:REPORTED_MISSING]->(m:Person)
WHERE $agency IS NULL OR r.agency = $agency
MATCH (rel:Person)-[k:RELATIVE_OF]->(m)
OPTIONAL MATCH (d:DNAProfile)-[:SAMPLED_FROM]->(rel)
RETURN rel.record_id AS relative, rel.full_name AS name, k.relationship AS relationship,
       coalesce(rel.is_reporter, false) AS filed_report, d.sample_id AS sample, d.loci_typed AS loci_typed
ORDER BY relationship, name
