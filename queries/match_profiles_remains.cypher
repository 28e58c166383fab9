// name: match_profiles_remains
// title: Remains as the scoring compares them
// description: The post-mortem description of each remains record given: sex, estimated age and stature, hair, marks, clothing, effects, recovery date, a name when identified elsewhere, whether a post-mortem DNA profile of it was screened and how many loci the screened profiles typed.
// mode: read
// shown: engine
// param: uids: list ; example: MORGUE:B-3 ; remains uids
UNWIND $uids AS uid
MATCH (x:Remains {uid: uid})
RETURN x {.uid, .record_id, .agency, .sex, .age_min, .age_max, .height_min_cm, .height_max_cm,
          .hair_colour, .distinguishing_marks, .clothing, .personal_effects, .identified_as,
          date: x.recovery_date,
          dna_screened: EXISTS { (d:DNAProfile)-[:SAMPLED_FROM]->(x) WHERE d.kinship_screened IS NOT NULL },
          dna_loci: COLLECT { MATCH (d:DNAProfile)-[:SAMPLED_FROM]->(x) WHERE d.kinship_screened IS NOT NULL
                              RETURN d.loci_typed }}
       AS profile
