// name: deliveries_by_agency
// title: What each agency delivered
// description: Per agency: files loaded, when the last was loaded, and how many reports, remains, sightings and voyages it supplied.
// mode: read
// shown: ui, cli
// category: Data quality
MATCH (a:Agency)
OPTIONAL MATCH (d:Delivery)-[:SUPPLIED_BY]->(a)
WITH a, count(d) AS files, max(d.loaded_at) AS last_loaded
RETURN a.code AS agency, files, toString(last_loaded) AS last_loaded,
       COUNT { (:Report)-[:SUPPLIED_BY]->(a) } AS reports,
       COUNT { (:Remains)-[:SUPPLIED_BY]->(a) } AS remains,
       COUNT { (:Sighting)-[:SUPPLIED_BY]->(a) } AS sightings,
       COUNT { (:Voyage)-[:SUPPLIED_BY]->(a) } AS voyages
ORDER BY agency
