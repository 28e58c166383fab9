// name: kinship_clear_profile
// title: Forget a post-mortem profile's screening results
// description: Removes the KINSHIP_MATCH relationships of post-mortem profiles that are new or whose genotypes changed, before they are screened again against every family.
// mode: write
// shown: engine
// param: rows: list ; example: [] ; maps with the profile uid
UNWIND $rows AS row
MATCH (:DNAProfile {uid: row.uid})-[k:KINSHIP_MATCH]->(:Report)
DELETE k
