// name: ui_search_records
// title: Records whose identifiers, vessel, place or date match
// description: A person by uid; reports, remains, sightings, voyages, incidents and places found by record id, uid, case number or vessel registration (exact or as a prefix, through their range indexes), by vessel or place name (the voyage_names and place_names full-text indexes: names, transliterations and transliteration keys) or by (partial ISO) date; each row says which field matched and how closely (rank 0: the identifier itself, 1: an identifier's prefix, 2: a name or date). Only what the user's agency and clearance may see.
// mode: read
// shown: ui
// param: text: string ; example: R-2016-0042 ; the search text as typed (trimmed)
// param: lucene: string = ; example: zuwara* ; a Lucene query over place and vessel names, escaped by the caller; empty: no name search
// param: date: string = ; example: 2016-05 ; an ISO date prefix when the text is a date, else empty
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
// param: limit: integer = 20 ; example: 20 ; most rows per kind and field (the caller pages through them)
// param: in_agency: string = null ; example: AAA ; only records of this agency (null: any)
// param: year: string = null ; example: 2016 ; only records dated in this year (null: any)
// param: status: string = null ; example: believed_missing ; only reports of this status or remains of this identification status (null: any)
// param: route: string = null ; example: Central Mediterranean ; only reports, voyages and incidents on this route (null: any)
// discloses: score ; the full-text relevance (and so the order of the names found): the index's term statistics count every record, seen or not
CALL () {
  MATCH (n:Person) WHERE n.uid = $text AND @visible(n:Person)
  RETURN n, 'Person' AS kind, 'person id' AS field, n.uid AS value, 0 AS rank, 0.0 AS score LIMIT $limit
  UNION
  MATCH (n:Report) WHERE (n.uid = $text OR n.record_id STARTS WITH $text) AND @visible(n:Report)
  RETURN n, 'Report' AS kind, 'report id' AS field, n.record_id AS value,
         CASE WHEN n.uid = $text OR n.record_id = $text THEN 0 ELSE 1 END AS rank, 0.0 AS score LIMIT $limit
  UNION
  MATCH (n:Remains) WHERE (n.uid = $text OR n.record_id STARTS WITH $text) AND @visible(n:Remains)
  RETURN n, 'Remains' AS kind, 'body tag' AS field, n.record_id AS value,
         CASE WHEN n.uid = $text OR n.record_id = $text THEN 0 ELSE 1 END AS rank, 0.0 AS score LIMIT $limit
  UNION
  MATCH (n:Remains) WHERE n.case_number STARTS WITH $text AND @visible(n:Remains)
  RETURN n, 'Remains' AS kind, 'case number' AS field, n.case_number AS value,
         CASE WHEN n.case_number = $text THEN 0 ELSE 1 END AS rank, 0.0 AS score LIMIT $limit
  UNION
  MATCH (n:Sighting) WHERE (n.uid = $text OR n.record_id STARTS WITH $text) AND @visible(n:Sighting)
  RETURN n, 'Sighting' AS kind, 'sighting id' AS field, n.record_id AS value,
         CASE WHEN n.uid = $text OR n.record_id = $text THEN 0 ELSE 1 END AS rank, 0.0 AS score LIMIT $limit
  UNION
  MATCH (n:Voyage) WHERE (n.uid = $text OR n.record_id STARTS WITH $text) AND @visible(n:Voyage)
  RETURN n, 'Voyage' AS kind, 'voyage id' AS field, n.record_id AS value,
         CASE WHEN n.uid = $text OR n.record_id = $text THEN 0 ELSE 1 END AS rank, 0.0 AS score LIMIT $limit
  UNION
  WITH $lucene AS lucene WHERE lucene <> ''
  CALL db.index.fulltext.queryNodes('voyage_names', lucene, {limit: 200}) YIELD node AS n, score
  WITH n, score WHERE @visible(n:Voyage)
  RETURN n, 'Voyage' AS kind, 'vessel name' AS field, n.vessel_name AS value, 2 AS rank, score
  ORDER BY score DESC LIMIT $limit
  UNION
  MATCH (vessel:Vessel)<-[:OF_VESSEL]-(n:Voyage) WHERE vessel.registration STARTS WITH $text AND @visible(vessel:Vessel) AND @visible(n:Voyage)
  RETURN n, 'Voyage' AS kind, 'vessel registration' AS field, vessel.registration AS value,
         CASE WHEN vessel.registration = $text THEN 0 ELSE 1 END AS rank, 0.0 AS score LIMIT $limit
  UNION
  MATCH (n:Incident) WHERE (n.uid = $text OR n.record_id STARTS WITH $text) AND @visible(n:Incident)
  RETURN n, 'Incident' AS kind, 'incident id' AS field, n.record_id AS value,
         CASE WHEN n.uid = $text OR n.record_id = $text THEN 0 ELSE 1 END AS rank, 0.0 AS score LIMIT $limit
  UNION
  WITH $lucene AS lucene WHERE lucene <> ''
  CALL db.index.fulltext.queryNodes('place_names', lucene, {limit: 200}) YIELD node AS n, score
  WITH n, score WHERE @visible(n:Place)
  RETURN n, 'Place' AS kind, 'place name' AS field, n.name AS value, 2 AS rank, score
  ORDER BY score DESC LIMIT $limit
  UNION
  WITH $date AS prefix WHERE prefix <> ''
  MATCH (n:Report) WHERE n.reported_on STARTS WITH prefix AND @visible(n:Report)
  RETURN n, 'Report' AS kind, 'reported on' AS field, n.reported_on AS value, 2 AS rank, 0.0 AS score LIMIT $limit
  UNION
  WITH $date AS prefix WHERE prefix <> ''
  MATCH (n:Report) WHERE n.departure_date STARTS WITH prefix AND @visible(n:Report)
  RETURN n, 'Report' AS kind, 'departure date' AS field, n.departure_date AS value, 2 AS rank, 0.0 AS score LIMIT $limit
  UNION
  WITH $date AS prefix WHERE prefix <> ''
  MATCH (n:Remains) WHERE n.recovery_date STARTS WITH prefix AND @visible(n:Remains)
  RETURN n, 'Remains' AS kind, 'recovery date' AS field, n.recovery_date AS value, 2 AS rank, 0.0 AS score LIMIT $limit
  UNION
  WITH $date AS prefix WHERE prefix <> ''
  MATCH (n:Sighting) WHERE n.date STARTS WITH prefix AND @visible(n:Sighting)
  RETURN n, 'Sighting' AS kind, 'sighting date' AS field, n.date AS value, 2 AS rank, 0.0 AS score LIMIT $limit
  UNION
  WITH $date AS prefix WHERE prefix <> ''
  MATCH (n:Voyage) WHERE n.departure_date STARTS WITH prefix AND @visible(n:Voyage)
  RETURN n, 'Voyage' AS kind, 'departure date' AS field, n.departure_date AS value, 2 AS rank, 0.0 AS score LIMIT $limit
  UNION
  WITH $date AS prefix WHERE prefix <> ''
  MATCH (n:Incident) WHERE n.date STARTS WITH prefix AND @visible(n:Incident)
  RETURN n, 'Incident' AS kind, 'incident date' AS field, n.date AS value, 2 AS rank, 0.0 AS score LIMIT $limit
}
WITH n, kind, field, value, rank, score
WHERE @cleared(n) AND ($in_agency IS NULL OR n.agency = $in_agency)
  AND ($year IS NULL OR coalesce(n.reported_on, n.recovery_date, n.date, n.departure_date) STARTS WITH $year)
  AND ($status IS NULL OR coalesce(n.status, n.identification_status) = $status)
  AND ($route IS NULL OR EXISTS { MATCH (n)-[:ON_ROUTE]->(:Route {name: $route})
                            WHERE @visible(n:Report|Voyage|Incident) })
RETURN kind, coalesce(n.uid, n.name) AS uid, n.record_id AS record_id, n.agency AS agency,
       coalesce(n.status, n.identification_status, n.role) AS status,
       CASE kind
         WHEN 'Person' THEN coalesce(n.full_name, n.uid)
         WHEN 'Remains' THEN coalesce(n.case_number, n.record_id)
         WHEN 'Voyage' THEN coalesce(n.vessel_name, n.record_id)
         WHEN 'Place' THEN n.name
         ELSE n.record_id END AS title,
       coalesce(n.reported_on, n.recovery_date, n.date, n.departure_date) AS date,
       field, value, rank, score
ORDER BY kind, rank, score DESC, date, uid
