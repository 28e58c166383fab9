// name: remains_near_incident
// title: Remains recovered near an incident, in space and time
// description: Remains recovered within a distance and a number of days after an incident, nearest first; partial dates count from the first day of their month or year.
// mode: read
// shown: ui, cli
// category: Remains
// param: incident: string ; example: 2014.MMP00001 ; the incident's record id
// param: agency: string = null ; example: IOM ; the agency that delivered it (any when omitted)
// param: km: float = 50 ; example: 100 ; at most this far from the incident
// param: days: integer = 30 ; example: 60 ; at most this many days after it
MATCH (i:Incident {record_id: $incident})-[:OCCURRED_AT]->(ip:Place)
WHERE ($agency IS NULL OR i.agency = $agency) AND ip.location IS NOT NULL AND i.date IS NOT NULL
WITH i, ip, date(left(i.date + '-01-01', 10)) AS incident_day
MATCH (rm:Remains)-[:RECOVERED_AT]->(rp:Place)
WHERE rp.location IS NOT NULL AND rm.recovery_date IS NOT NULL
  AND point.distance(ip.location, rp.location) <= $km * 1000
WITH i, rm, rp, incident_day, date(left(rm.recovery_date + '-01-01', 10)) AS recovery_day,
     point.distance(ip.location, rp.location) / 1000.0 AS km_away
WITH i, rm, rp, km_away, duration.inDays(incident_day, recovery_day).days AS days_after
WHERE 0 <= days_after <= $days
RETURN rm.record_id AS remains, rm.agency AS agency, rm.case_number AS case_number, rp.name AS recovered_at,
       rm.recovery_date AS recovered_on, round(km_away, 1) AS km, days_after, rm.identification_status AS status
ORDER BY km, days_after
