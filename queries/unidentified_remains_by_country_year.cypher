// name: unidentified_remains_by_country_year
// title: Unidentified remains by country and year of recovery
// description: How many recovered bodies are still unidentified (or only provisionally identified), by country of the recovery place and year.
// mode: read
// shown: ui, cli
// category: Remains
MATCH (rm:Remains)
WHERE coalesce(rm.identification_status, 'unidentified') <> 'identified' AND NOT coalesce(rm.placeholder, false)
OPTIONAL MATCH (rm)-[:RECOVERED_AT]->(p:Place)
RETURN coalesce(p.country, 'unknown') AS country, left(rm.recovery_date, 4) AS year,
       count(*) AS unidentified, sum(CASE rm.identification_status WHEN 'provisional' THEN 1 ELSE 0 END) AS provisional
ORDER BY unidentified DESC, country, year
