// name: report_by_record_id
// title: Reports by their delivered record id
// description: The reports delivered under a record id, by any agency or by the one given; two agencies may have used the same id.
// mode: read
// shown: cli
// category: Reports and inquiries
// param: record_id: string ; example: R-17 ; the report's record_id as delivered
// param: agency: string = * ; example: ICRC ; the submitting agency, * for any
MATCH (r:Report {record_id: $record_id})
WHERE r.placeholder IS NULL AND ($agency = '*' OR r.agency = $agency)
RETURN r.uid AS uid, r.agency AS agency, r.record_id AS record_id
ORDER BY agency
