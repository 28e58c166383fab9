// name: match_rarity_terms
// title: The words of every record, to count how rare they are
// description: For every delivered remains record, sighting and report: its kind, the marks, clothing and personal effects it describes (a sighting's free-text description), the date of birth, nationality and sex it gives. A match run counts from these how many records carry the same normalised words (names come from the blocking index).
// mode: read
// shown: engine
CALL () {
  MATCH (x:Remains) WHERE x.placeholder IS NULL
  RETURN x.uid AS uid, 'remains' AS kind, x.distinguishing_marks AS marks, x.clothing AS clothing,
         x.personal_effects AS personal_effects, null AS description, null AS date_of_birth,
         null AS nationality, x.sex AS sex
  UNION ALL
  MATCH (s:Sighting) WHERE s.placeholder IS NULL
  OPTIONAL MATCH (s)-[:RECORDS]->(p:Person)
  WITH s, head(collect(p)) AS p
  RETURN s.uid AS uid, 'sighting' AS kind, null AS marks, null AS clothing, null AS personal_effects,
         coalesce(p.description, s.description) AS description, null AS date_of_birth,
         p.nationality AS nationality, p.sex AS sex
  UNION ALL
  MATCH (r:Report) WHERE r.placeholder IS NULL
  OPTIONAL MATCH (r)-[:REPORTED_MISSING]->(p:Person)
  WITH r, head(collect(p)) AS p
  RETURN r.uid AS uid, 'report' AS kind, p.distinguishing_marks AS marks, p.clothing AS clothing,
         p.personal_effects AS personal_effects, null AS description, p.date_of_birth AS date_of_birth,
         p.nationality AS nationality, p.sex AS sex
}
RETURN uid, kind, marks, clothing, personal_effects, description, date_of_birth, nationality, sex
