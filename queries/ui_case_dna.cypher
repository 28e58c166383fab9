// name: ui_case_dna
// title: The DNA profiles of a case (DNA-cleared users only)
// description: Reference samples of the report's family and post-mortem samples of its candidate remains (with the remains' uid), with their genotypes and kinship matches (with the per-locus explanation when the screening stored one as `loci`); nothing at all for users without DNA clearance.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17 ; the report
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
MATCH (report:Report {uid: $uid})
WHERE $dna_cleared AND @visible(report:Report)
CALL (report) {
  MATCH (report)-[:REPORTED_MISSING]->(missing:Person)<-[kin:RELATIVE_OF]-(relative:Person)<-[:SAMPLED_FROM]-(d:DNAProfile)
  WHERE @visible(missing:Person) AND @visible(relative:Person)
  RETURN d, 'reference: ' + coalesce(kin.relationship, 'relative') + ' ' + coalesce(relative.full_name, '') AS source,
         null AS remains_uid
  UNION
  MATCH (report)-[:REPORTED_MISSING]->(missing:Person)<-[:SAMPLED_FROM]-(d:DNAProfile)
  WHERE @visible(missing:Person)
  RETURN d, 'personal effect of the missing person' AS source, null AS remains_uid
  UNION
  MATCH (report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(r:Remains)<-[:SAMPLED_FROM]-(d:DNAProfile)
  WHERE @visible(r:Remains)
  RETURN d, 'post-mortem: ' + coalesce(r.case_number, r.record_id) AS source, r.uid AS remains_uid
}
WITH report, d, source, remains_uid
WHERE @visible(d:DNAProfile) AND @cleared(d)
OPTIONAL MATCH (d)-[m:KINSHIP_MATCH]->(report)
RETURN d.uid AS uid, d.sample_id AS sample_id, d.sample_kind AS sample_kind, d.lab AS lab, d.kit AS kit,
       d.genotypes AS genotypes, source, m.log10_lr AS match_log10_lr, m.excluded AS match_excluded,
       m.loci AS match_loci, remains_uid
ORDER BY sample_kind, sample_id, uid, source
