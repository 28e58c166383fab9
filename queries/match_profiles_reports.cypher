// name: match_profiles_reports
// title: Missing persons as the scoring compares them
// description: Each report's missing person as the family described them: names, sex, date of birth, age at disappearance, stature, hair and eyes, marks, clothing, effects, nationality, the report's dates, whether the family's references were screened against post-mortem profiles and the relationships of those references, and whether it is an online inquiry not verified yet.
// mode: read
// shown: engine
// param: uids: list ; example: ICRC:R-17 ; report uids
UNWIND $uids AS uid
MATCH (r:Report {uid: uid})
OPTIONAL MATCH (r)-[:REPORTED_MISSING]->(p:Person)
WITH r, head(collect(p)) AS p
RETURN {uid: r.uid, record_id: r.record_id, agency: r.agency, reported_on: r.reported_on,
        departure_date: r.departure_date, date: p.last_seen_date, sex: p.sex,
        date_of_birth: p.date_of_birth, age_min: p.age_min, age_max: p.age_max,
        height_min_cm: p.height_min_cm, height_max_cm: p.height_max_cm,
        hair_colour: p.hair_colour, eye_colour: p.eye_colour,
        distinguishing_marks: p.distinguishing_marks, clothing: p.clothing,
        personal_effects: p.personal_effects, nationality: p.nationality,
        full_name: p.full_name, other_names: p.other_names,
        dna_screened: r.kinship_family_hash IS NOT NULL,
        dna_references: CASE WHEN r.kinship_family_hash IS NULL THEN [] ELSE COLLECT {
          MATCH (d:DNAProfile {sample_kind: 'reference'})-[:SAMPLED_FROM]->(:Person)-[k:RELATIVE_OF]->(p)
          WHERE d.genotypes IS NOT NULL AND NOT coalesce(d.placeholder, false)
          RETURN DISTINCT k.relationship } END,
        unverified: coalesce(r.verification = 'unverified', false)} AS profile
