// name: kinship_stored_match
// title: The stored kinship result of one pairing, with the settings it was computed with
// description: The KINSHIP_MATCH from a post-mortem profile to a report, if the screening recorded one (its figures, settings and family fingerprint), and the settings and fingerprint of the report's last screening, so that an explanation uses the same settings as the stored result.
// mode: read
// shown: engine
// param: profile: string ; example: MORGUE:DNA-17 ; the post-mortem profile's uid
// param: report: string ; example: ICRC:R-17 ; the report's uid
MATCH (r:Report {uid: $report})
OPTIONAL MATCH (:DNAProfile {uid: $profile})-[k:KINSHIP_MATCH]->(r)
RETURN k {.log10_lr, .posterior, .prior, .excluded, .loci_compared, .population, .theta, .mutation_model,
          .mutation_rate, .dropout, .settings, .family_hash, .computed_at} AS stored,
       r.kinship_settings AS family_settings, r.kinship_family_hash AS family_hash,
       r.family_data_inconsistent AS family_data_inconsistent, r.family_data_check AS family_data_check
