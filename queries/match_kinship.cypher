// name: match_kinship
// title: DNA kinship results of reports
// description: The kinship screening's results between post-mortem profiles and each report's family, with the remains each profile was sampled from and the relationships of the family's reference samples.
// mode: read
// shown: engine
// param: uids: list ; example: ICRC:R-17 ; report uids
UNWIND $uids AS uid
MATCH (r:Report {uid: uid})<-[k:KINSHIP_MATCH]-(d:DNAProfile)-[:SAMPLED_FROM]->(x:Remains)
RETURN r.uid AS report_uid, x.uid AS remains_uid, d.uid AS profile_uid,
       k.log10_lr AS log10_lr, k.lr AS lr, coalesce(k.excluded, false) AS excluded,
       k.loci_compared AS loci_compared, k.incompatible_loci AS incompatible_loci,
       k.population AS population, k.theta AS theta,
       COLLECT { MATCH (r)-[:REPORTED_MISSING]->(:Person)<-[rel:RELATIVE_OF]-(relative:Person)
                 WHERE EXISTS { (:DNAProfile)-[:SAMPLED_FROM]->(relative) }
                 RETURN rel.relationship } AS references,
       toString(coalesce(k.updated_at, k.screened_at, k.computed_at)) AS updated
