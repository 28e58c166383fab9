// name: ui_case_family
// title: The family of a report's missing person
// description: The relatives linked to the report's missing person, their relation to them, whether they filed the report, and (for DNA-cleared users only) the ids of their reference samples.
// mode: read
// shown: ui
// param: uid: string ; example: ICRC:R-17 ; the report
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
MATCH (report:Report {uid: $uid})-[:REPORTED_MISSING]->(person:Person)
WHERE @visible(report:Report) AND @visible(person:Person)
MATCH (relative:Person)-[kin:RELATIVE_OF]->(person)
WHERE @visible(relative:Person)
OPTIONAL MATCH (sample:DNAProfile)-[:SAMPLED_FROM]->(relative)
WHERE @cleared(sample) AND @visible(sample:DNAProfile)
RETURN relative.uid AS uid, relative.full_name AS full_name, relative.sex AS sex,
       relative.date_of_birth AS date_of_birth, kin.relationship AS relationship,
       EXISTS { (relative)-[:FILED]->(report) } AS is_reporter,
       relative.contact_country AS contact_country,
       collect(sample.uid) AS samples
ORDER BY relationship, full_name, uid
