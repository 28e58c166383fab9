// name: duplicate_reports
// title: Reports that may concern the same missing person
// description: Pairs of reports whose missing persons share a name key (transliterations meet) and do not contradict on sex or birth year, or whose families share a relative by name key: likely duplicates filed by two relatives.
// mode: read
// shown: ui, cli
// category: Data quality
// graph: yes
// param: limit: integer = 100 ; example: 20 ; at most this many pairs
MATCH (a:Report)-[:REPORTED_MISSING]->(pa:Person), (b:Report)-[:REPORTED_MISSING]->(pb:Person)
WHERE pa.name_key IS NOT NULL AND pa.name_key = pb.name_key AND a.uid < b.uid
  AND (pa.sex IS NULL OR pb.sex IS NULL OR pa.sex = pb.sex OR pa.sex = 'U' OR pb.sex = 'U')
  AND (pa.date_of_birth IS NULL OR pb.date_of_birth IS NULL OR left(pa.date_of_birth, 4) = left(pb.date_of_birth, 4))
OPTIONAL MATCH (ra:Person)-[:RELATIVE_OF]->(pa), (rb:Person)-[:RELATIVE_OF]->(pb)
WHERE ra.name_key = rb.name_key
RETURN a.record_id AS report, b.record_id AS other_report, pa.full_name AS name, pb.full_name AS other_name,
       pa.date_of_birth AS born, pb.date_of_birth AS other_born, count(DISTINCT ra) AS shared_relatives
ORDER BY shared_relatives DESC, report
LIMIT $limit
