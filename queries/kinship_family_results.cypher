// name: kinship_family_results
// title: Screening results kept for each family
// description: The log10 LRs already recorded for each report's family, leaving out the results of the profiles given (they are being screened again), so an incremental screening keeps only the pairs that belong among a family's best.
// mode: read
// shown: engine
// param: profiles: list ; example: [] ; uids of the post-mortem profiles being screened again
MATCH (d:DNAProfile)-[k:KINSHIP_MATCH]->(r:Report)
WHERE NOT d.uid IN $profiles AND NOT k.excluded
RETURN r.uid AS report, collect(k.log10_lr) AS log10_lrs
