// name: evaluate_report_context
// title: What each report offers the engine, for evaluation
// description: For each report of an agency: whether it names the voyage the person boarded, the relationships of the relatives who gave a reference DNA sample, and whether a personal-effect sample exists; for each remains record, how many loci its post-mortem profile has. Used by `tracegraph evaluate` to separate cases with usable DNA from the others.
// mode: read
// shown: engine
// param: agency: string ; example: SYN ; the agency the scenario was loaded under
CALL () {
  MATCH (r:Report {agency: $agency})
  OPTIONAL MATCH (r)-[:REPORTED_MISSING]->(p:Person)
  RETURN 'report' AS kind, r.record_id AS record_id,
         EXISTS { (p)-[:BOARDED]->(:Voyage) } AS names_voyage,
         COLLECT { MATCH (p)<-[rel:RELATIVE_OF]-(relative:Person)<-[:SAMPLED_FROM]-(:DNAProfile {sample_kind: 'reference'})
                   RETURN rel.relationship } AS references,
         EXISTS { (p)<-[:SAMPLED_FROM]-(:DNAProfile {sample_kind: 'personal_effect'}) } AS direct_reference,
         null AS loci
  UNION ALL
  MATCH (x:Remains {agency: $agency})<-[:SAMPLED_FROM]-(d:DNAProfile {sample_kind: 'post_mortem'})
  RETURN 'remains' AS kind, x.record_id AS record_id, null AS names_voyage, [] AS references,
         null AS direct_reference, max(d.loci_typed) AS loci
}
RETURN kind, record_id, names_voyage, references, direct_reference, loci
