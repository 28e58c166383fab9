// name: ui_search_people
// title: People whose names match
// description: People found through the person_names full-text index (names, spellings, transliteration keys, father's and mother's names) or whose transliteration key equals one given, each with the record that names them; only what the user's agency and clearance may see.
// mode: read
// shown: ui
// param: lucene: string ; example: mohamed* AND ali* ; a Lucene query over person_names, escaped by the caller
// param: keys: list ; example: mhmdl ; transliteration keys of the whole search text
// param: agency: string ; example: ICRC ; the user's agency
// param: limit: integer = 25 ; example: 25 ; most people returned
// discloses: score ; the full-text relevance (and so the order of the people found): the index's term statistics count every record, seen or not
CALL () {
  CALL db.index.fulltext.queryNodes('person_names', $lucene, {limit: 200}) YIELD node, score
  RETURN node AS person, score
  UNION
  UNWIND $keys AS key
  MATCH (person:Person {name_key: key})
  RETURN person, 100.0 AS score
}
WITH person, max(score) AS score
WHERE @visible(person:Person)
OPTIONAL MATCH (report:Report)-[:REPORTED_MISSING]->(person)
WHERE @visible(report:Report)
OPTIONAL MATCH (person)-[kin:RELATIVE_OF]->(missing:Person)<-[:REPORTED_MISSING]-(family:Report)
WHERE @visible(missing:Person) AND @visible(family:Report)
OPTIONAL MATCH (sighting:Sighting)-[:RECORDS]->(person)
WHERE @visible(sighting:Sighting)
WITH person, score, coalesce(report, family, sighting) AS record, kin.relationship AS relationship,
     CASE WHEN report IS NOT NULL THEN 'Report' WHEN family IS NOT NULL THEN 'Report'
          WHEN sighting IS NOT NULL THEN 'Sighting' END AS record_label
RETURN person.uid AS uid, person.role AS role, person.full_name AS full_name,
       person.other_names AS other_names, person.father_name AS father_name,
       person.mother_name AS mother_name, person.name_key AS name_key, person.sex AS sex,
       person.date_of_birth AS date_of_birth, person.agency AS agency,
       record_label, record.uid AS record_uid, relationship, score
ORDER BY score DESC, uid
LIMIT $limit
