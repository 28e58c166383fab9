// name: kinship_clear_family
// title: Forget a family's screening results
// description: Removes the KINSHIP_MATCH relationships of reports whose references changed, before they are screened again against every profile.
// mode: write
// shown: engine
// param: rows: list ; example: [] ; maps with the report uid
UNWIND $rows AS row
MATCH (:DNAProfile)-[k:KINSHIP_MATCH]->(:Report {uid: row.report})
DELETE k
