// name: kinship_mark_screened
// title: Mark profiles and families as screened
// description: Stores the settings fingerprint on screened post-mortem profiles and the reference fingerprint on screened reports, so the next screening only compares what is new.
// mode: write
// shown: engine
// param: rows: list ; example: [] ; maps with uid, label and fingerprint
UNWIND $rows AS row
CALL (row) {
  MATCH (d:DNAProfile {uid: row.uid}) WHERE row.label = 'DNAProfile' SET d.kinship_screened = row.fingerprint
  UNION
  MATCH (r:Report {uid: row.uid}) WHERE row.label = 'Report' SET r.kinship_family_hash = row.fingerprint
}
