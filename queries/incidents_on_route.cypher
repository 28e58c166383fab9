// name: incidents_on_route
// title: Incidents on a route in a period
// description: The incidents of a migration route between two dates, with their dead, missing and survivors and the voyages known to have ended in them.
// mode: read
// shown: ui, cli
// category: Routes
// param: route: string ; example: Central Mediterranean ; IOM route name
// param: from: string = 1990 ; example: 2016-01 ; partial ISO date, inclusive
// param: to: string = 9999 ; example: 2016-12-31 ; partial ISO date, inclusive (a year or month counts whole)
// param: limit: integer = 1000 ; example: 1000 ; at most this many rows (the CLI sets it with --limit and says when the result was cut)
MATCH (i:Incident)-[:ON_ROUTE]->(:Route {name: $route})
WHERE i.date >= $from AND left(i.date, size($to)) <= $to
OPTIONAL MATCH (v:Voyage)-[:ENDED_IN]->(i)
WITH i, v ORDER BY v.record_id
RETURN i.record_id AS incident, i.agency AS agency, i.date AS date, i.dead AS dead, i.missing AS missing,
       i.survivors AS survivors, i.cause AS cause, collect(v.record_id) AS voyages
ORDER BY date, agency, incident
LIMIT $limit
