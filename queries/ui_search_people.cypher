// name: ui_search_people
// title: People whose names match
// description: People found through the person_names full-text index (names, spellings, transliteration keys, father's and mother's names) or whose transliteration key equals one given, each with the record that names them (the missing person's report, a relative's family report, a sighting); the missing first, then people recorded in sightings, then relatives, each by relevance; narrowed by agency, year, status and route of that record when asked; a page of them. Only what the user's agency and clearance may see.
// mode: read
// shown: ui
// param: lucene: string ; example: mohamed* AND ali* ; a Lucene query over person_names, escaped by the caller
// param: keys: list ; example: mhmdl ; transliteration keys of the whole search text
// param: agency: string ; example: ICRC ; the user's agency
// param: limit: integer = 25 ; example: 25 ; most people returned
// param: skip: integer = 0 ; example: 25 ; people of the earlier pages, left out
// param: scan: integer = 0 ; example: 26 ; most people whose records are looked up (0: skip + limit): more when narrowed, since a filter reads the record
// param: in_agency: string = null ; example: AAA ; only people of this agency (null: any)
// param: year: string = null ; example: 2016 ; only people whose record is of this year (null: any)
// param: status: string = null ; example: believed_missing ; only people whose report has this status (null: any)
// param: route: string = null ; example: Central Mediterranean ; only people whose report is on this route (null: any)
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
WHERE @visible(person:Person) AND ($in_agency IS NULL OR person.agency = $in_agency)
// The missing first: a search is most often for the person a family reported.
WITH person, score,
     CASE person.role WHEN 'missing' THEN 0 WHEN 'recorded' THEN 1 WHEN 'companion' THEN 2 ELSE 3 END AS role_rank
ORDER BY role_rank, score DESC, person.uid
// Only as many people as are shown (or, narrowed, may be kept) have their records looked up.
LIMIT CASE WHEN $scan > 0 THEN $scan ELSE $skip + $limit END
CALL (person) {
  OPTIONAL MATCH (report:Report)-[:REPORTED_MISSING]->(person)
  WHERE @visible(report:Report)
  OPTIONAL MATCH (person)-[kin:RELATIVE_OF]->(missing:Person)<-[:REPORTED_MISSING]-(family:Report)
  WHERE @visible(missing:Person) AND @visible(family:Report)
  OPTIONAL MATCH (sighting:Sighting)-[:RECORDS]->(person)
  WHERE @visible(sighting:Sighting)
  WITH coalesce(report, family, sighting) AS record, kin.relationship AS relationship,
       CASE WHEN report IS NOT NULL THEN 'Report' WHEN family IS NOT NULL THEN 'Report'
            WHEN sighting IS NOT NULL THEN 'Sighting' END AS record_label
  ORDER BY record_label, record.uid
  RETURN record, relationship, record_label LIMIT 1
}
WITH person, score, role_rank, record, relationship, record_label
WHERE ($year IS NULL OR coalesce(record.reported_on, record.date) STARTS WITH $year)
  AND ($status IS NULL OR record.status = $status)
  AND ($route IS NULL OR EXISTS { MATCH (record)-[:ON_ROUTE]->(:Route {name: $route}) WHERE @visible(record:Report) })
RETURN person.uid AS uid, person.role AS role, person.full_name AS full_name,
       person.other_names AS other_names, person.father_name AS father_name,
       person.mother_name AS mother_name, person.name_key AS name_key, person.sex AS sex,
       person.date_of_birth AS date_of_birth, person.agency AS agency,
       record_label, record.uid AS record_uid, record.status AS status, relationship, score
ORDER BY role_rank, score DESC, uid
SKIP $skip
LIMIT $limit
