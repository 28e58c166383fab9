// name: ui_search_records
// title: Records whose identifiers, vessel, place or date match
// description: Reports, remains, sightings, voyages, incidents and places found by record id, uid, case number, vessel name or registration, place name or (partial ISO) date; each row says which field matched. Only what the user's agency and clearance may see.
// mode: read
// shown: ui
// param: text: string ; example: R-2016-0042 ; the search text as typed (trimmed)
// param: lower: string ; example: blue wooden boat ; the search text in lower case, for names
// param: date: string = ; example: 2016-05 ; an ISO date prefix when the text is a date, else empty
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
// param: limit: integer = 20 ; example: 20 ; most rows per kind
CALL () {
  MATCH (n:Report) WHERE (n.uid = $text OR n.record_id STARTS WITH $text) AND @visible(n:Report)
  RETURN n, 'Report' AS kind, 'report id' AS field, n.record_id AS value LIMIT $limit
  UNION
  MATCH (n:Remains) WHERE (n.uid = $text OR n.record_id STARTS WITH $text) AND @visible(n:Remains)
  RETURN n, 'Remains' AS kind, 'body tag' AS field, n.record_id AS value LIMIT $limit
  UNION
  MATCH (n:Remains) WHERE n.case_number STARTS WITH $text AND @visible(n:Remains)
  RETURN n, 'Remains' AS kind, 'case number' AS field, n.case_number AS value LIMIT $limit
  UNION
  MATCH (n:Sighting) WHERE (n.uid = $text OR n.record_id STARTS WITH $text) AND @visible(n:Sighting)
  RETURN n, 'Sighting' AS kind, 'sighting id' AS field, n.record_id AS value LIMIT $limit
  UNION
  MATCH (n:Voyage) WHERE (n.uid = $text OR n.record_id STARTS WITH $text) AND @visible(n:Voyage)
  RETURN n, 'Voyage' AS kind, 'voyage id' AS field, n.record_id AS value LIMIT $limit
  UNION
  MATCH (n:Voyage) WHERE size($lower) >= 3 AND toLower(n.vessel_name) CONTAINS $lower AND @visible(n:Voyage)
  RETURN n, 'Voyage' AS kind, 'vessel name' AS field, n.vessel_name AS value LIMIT $limit
  UNION
  MATCH (vessel:Vessel)<-[:OF_VESSEL]-(n:Voyage) WHERE vessel.registration STARTS WITH $text AND @visible(vessel:Vessel) AND @visible(n:Voyage)
  RETURN n, 'Voyage' AS kind, 'vessel registration' AS field, vessel.registration AS value LIMIT $limit
  UNION
  MATCH (n:Incident) WHERE (n.uid = $text OR n.record_id STARTS WITH $text) AND @visible(n:Incident)
  RETURN n, 'Incident' AS kind, 'incident id' AS field, n.record_id AS value LIMIT $limit
  UNION
  MATCH (n:Place) WHERE size($lower) >= 3 AND toLower(n.name) CONTAINS $lower AND @visible(n:Place)
  RETURN n, 'Place' AS kind, 'place name' AS field, n.name AS value LIMIT $limit
  UNION
  MATCH (n:Report) WHERE $date <> '' AND n.reported_on STARTS WITH $date AND @visible(n:Report)
  RETURN n, 'Report' AS kind, 'reported on' AS field, n.reported_on AS value LIMIT $limit
  UNION
  MATCH (n:Report) WHERE $date <> '' AND n.departure_date STARTS WITH $date AND @visible(n:Report)
  RETURN n, 'Report' AS kind, 'departure date' AS field, n.departure_date AS value LIMIT $limit
  UNION
  MATCH (n:Remains) WHERE $date <> '' AND n.recovery_date STARTS WITH $date AND @visible(n:Remains)
  RETURN n, 'Remains' AS kind, 'recovery date' AS field, n.recovery_date AS value LIMIT $limit
  UNION
  MATCH (n:Sighting) WHERE $date <> '' AND n.date STARTS WITH $date AND @visible(n:Sighting)
  RETURN n, 'Sighting' AS kind, 'sighting date' AS field, n.date AS value LIMIT $limit
  UNION
  MATCH (n:Voyage) WHERE $date <> '' AND n.departure_date STARTS WITH $date AND @visible(n:Voyage)
  RETURN n, 'Voyage' AS kind, 'departure date' AS field, n.departure_date AS value LIMIT $limit
  UNION
  MATCH (n:Incident) WHERE $date <> '' AND n.date STARTS WITH $date AND @visible(n:Incident)
  RETURN n, 'Incident' AS kind, 'incident date' AS field, n.date AS value LIMIT $limit
}
WITH n, kind, field, value
WHERE @cleared(n)
RETURN kind, coalesce(n.uid, n.name) AS uid, n.record_id AS record_id, n.agency AS agency,
       CASE kind
         WHEN 'Remains' THEN coalesce(n.case_number, n.record_id)
         WHEN 'Voyage' THEN coalesce(n.vessel_name, n.record_id)
         WHEN 'Place' THEN n.name
         ELSE n.record_id END AS title,
       coalesce(n.reported_on, n.recovery_date, n.date, n.departure_date) AS date,
       field, value
ORDER BY kind, date, uid
