// name: kinship_matches_for_report
// title: DNA kinship results for a family
// description: Every post-mortem profile screened against the family of a report, strongest first, with exclusions (so reviewers see who was ruled out). Figures only, no genotypes.
// mode: read
// shown: ui, cli
// category: Families and DNA
// param: report: string ; example: R-000001 ; the report's record id
// param: agency: string = null ; example: DEMO ; the agency of the report (any when omitted)
MATCH (r:Report {record_id: $report})<-[k:KINSHIP_MATCH]-(pm:DNAProfile)
WHERE $agency IS NULL OR r.agency = $agency
OPTIONAL MATCH (pm)-[:SAMPLED_FROM]->(rm:Remains)
RETURN pm.sample_id AS sample, rm.record_id AS remains, k.log10_lr AS log10_lr, k.posterior AS posterior,
       k.excluded AS excluded, k.loci_compared AS loci_compared, k.incompatible_loci AS incompatible_loci
ORDER BY excluded, log10_lr DESC
