// name: ui_case_records
// title: The provenance of the records a case mentions
// description: For each given {label, uid} of a record with provenance (Report, Person, Sighting, Voyage, Incident, Remains, DNAProfile), the record's uid, agency, sharing, source file and record, record id, verification (of an online inquiry) and ingestion dates, when the user's agency and clearance may see it. One query for all the records a case brief cites.
// mode: read
// shown: ui
// param: keys: list ; example: [{label: 'Remains', uid: 'MORGUE:B-17'}] ; the records, as maps {label, uid}
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
UNWIND $keys AS key
CALL (key) {
  MATCH (n:Report {uid: key.uid}) WHERE key.label = 'Report' RETURN n
  UNION MATCH (n:Person {uid: key.uid}) WHERE key.label = 'Person' RETURN n
  UNION MATCH (n:Sighting {uid: key.uid}) WHERE key.label = 'Sighting' RETURN n
  UNION MATCH (n:Voyage {uid: key.uid}) WHERE key.label = 'Voyage' RETURN n
  UNION MATCH (n:Incident {uid: key.uid}) WHERE key.label = 'Incident' RETURN n
  UNION MATCH (n:Remains {uid: key.uid}) WHERE key.label = 'Remains' RETURN n
  UNION MATCH (n:DNAProfile {uid: key.uid}) WHERE key.label = 'DNAProfile' RETURN n
}
WITH key, n
WHERE @visible(n) AND @cleared(n)
RETURN key.label AS label, key.uid AS uid,
       n {.uid, .agency, .sharing, .source_file, .source_record, .record_id, .verification, .ingested_at, .updated_at} AS record
