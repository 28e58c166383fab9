// name: remains_by_case_number
// title: Remains by case number
// description: Remains whose morgue, prosecutor or forensic case number starts with the text given, with where and when they were recovered.
// mode: read
// shown: ui, cli
// category: Remains
// param: case_number: string ; example: 1990-ESP ; the case number or its beginning
// param: limit: integer = 200 ; example: 200 ; at most this many rows (the CLI sets it with --limit and says when the result was cut)
MATCH (rm:Remains)
WHERE rm.case_number STARTS WITH $case_number
OPTIONAL MATCH (rm)-[:RECOVERED_AT]->(p:Place)
RETURN rm.case_number AS case_number, rm.record_id AS remains, rm.agency AS agency, rm.recovery_date AS recovered_on,
       p.name AS recovered_at, rm.identification_status AS status
ORDER BY case_number
LIMIT $limit
