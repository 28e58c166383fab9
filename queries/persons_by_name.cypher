// name: persons_by_name
// title: Persons by name, all spellings
// description: Full-text search of every person's names, other spellings, transliteration keys and parents' names; each hit with its role and the record that names it.
// mode: read
// shown: ui, cli
// category: Reports and inquiries
// param: name: string ; example: Mohamed Ali ; words of the name, in any script or spelling
// param: limit: integer = 50 ; example: 20 ; at most this many persons
// discloses: score ; the full-text relevance (and so the order of the people found): the index's term statistics count every document the index has held, deleted ones too until its segments merge
CALL db.index.fulltext.queryNodes('person_names', $name) YIELD node, score
WITH node AS p, score LIMIT $limit
OPTIONAL MATCH (r:Report)-[:REPORTED_MISSING]->(p)
OPTIONAL MATCH (s:Sighting)-[:RECORDS]->(p)
OPTIONAL MATCH (p)-[:RELATIVE_OF]->(:Person)<-[:REPORTED_MISSING]-(fr:Report)
RETURN p.full_name AS name, p.role AS role, p.father_name AS father, p.date_of_birth AS born,
       coalesce(r.record_id, s.record_id, fr.record_id) AS record, p.agency AS agency, round(score, 2) AS score
ORDER BY score DESC, agency, record, name
