// name: record_by_record_id
// title: Records of any kind by their delivered record id
// description: Reports, remains, sightings, voyages and incidents delivered under a record id (DNA profiles under their sample id), by any agency or by the one given.
// mode: read
// shown: cli
// category: Reports and inquiries
// param: record_id: string ; example: B-3 ; the record_id as delivered
// param: agency: string = * ; example: MORGUE ; the submitting agency, * for any
CALL (){
  MATCH (n:Report {record_id: $record_id}) RETURN n
  UNION MATCH (n:Remains {record_id: $record_id}) RETURN n
  UNION MATCH (n:Sighting {record_id: $record_id}) RETURN n
  UNION MATCH (n:Voyage {record_id: $record_id}) RETURN n
  UNION MATCH (n:Incident {record_id: $record_id}) RETURN n
  UNION MATCH (n:DNAProfile {sample_id: $record_id}) RETURN n
}
WITH n WHERE $agency = '*' OR n.agency = $agency
RETURN n.uid AS uid, labels(n)[0] AS label, n.agency AS agency, coalesce(n.record_id, n.sample_id) AS record_id
ORDER BY label, agency
