// name: kinship_mark_screened
// title: Mark profiles and families as screened
// description: Stores the settings fingerprint on screened post-mortem profiles, and on screened reports the fingerprint of their references, the settings the family was screened with (JSON) and what checking the family's references against its stated pedigree found (family_data_inconsistent, family_data_check as JSON), so the next screening only compares what is new and an explanation can use the same settings.
// mode: write
// shown: engine
// param: rows: list ; example: [] ; one map per item: uid, label (DNAProfile or Report), fingerprint; for a report also settings, inconsistent, check
UNWIND $rows AS row
CALL (row) {
  MATCH (d:DNAProfile {uid: row.uid}) WHERE row.label = 'DNAProfile' SET d.kinship_screened = row.fingerprint
  UNION
  MATCH (r:Report {uid: row.uid}) WHERE row.label = 'Report'
  SET r.kinship_family_hash = row.fingerprint, r.kinship_settings = row.settings,
      r.family_data_inconsistent = row.inconsistent, r.family_data_check = row.check
}
