// name: evaluate_post_mortem_samples
// title: Post-mortem DNA profiles and their remains
// description: Each post-mortem DNA profile with genotypes and the remains it was sampled from.
// mode: read
// shown: engine
MATCH (d:DNAProfile {sample_kind: 'post_mortem'})-[:SAMPLED_FROM]->(x:Remains)
WHERE d.genotypes IS NOT NULL
RETURN d.uid AS profile_uid, x.uid AS remains_uid
