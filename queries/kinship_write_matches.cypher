// name: kinship_write_matches
// title: Record kinship screening results
// description: Merges one KINSHIP_MATCH evidence relationship per post-mortem profile and family, with the figures and settings of the screening and its provenance.
// mode: write
// shown: engine
// param: rows: list ; example: [] ; one map per pairing
UNWIND $rows AS row
MATCH (d:DNAProfile {uid: row.post_mortem}), (r:Report {uid: row.report})
MERGE (d)-[k:KINSHIP_MATCH]->(r)
SET k += row.properties
