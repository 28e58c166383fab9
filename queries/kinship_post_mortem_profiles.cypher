// name: kinship_post_mortem_profiles
// title: Post-mortem DNA profiles to screen
// description: Every post-mortem profile with its genotypes and the settings fingerprint of its last screening.
// mode: read
// shown: engine
MATCH (d:DNAProfile {sample_kind: 'post_mortem'})
WHERE d.genotypes IS NOT NULL AND NOT coalesce(d.placeholder, false)
RETURN d.uid AS uid, d.genotypes AS genotypes, d.kinship_screened AS screened
