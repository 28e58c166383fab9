// name: inquiry_file
// title: Write online inquiries as unverified reports
// description: Each family's online inquiry as a Report (status of the inquiry `new` when first written, verification `unverified`) supplied by the receiving agency, with its missing person, the relative who filed it, the fellow travellers they named, the route and the places of departure and last contact; every node and relationship carries the inquiry's provenance and the sharing the family consented to. Every node is MERGEd on its key, so writing an inquiry again changes nothing but its update time.
// mode: write
// shown: engine
// param: rows: list ; example: [] ; one map per inquiry: uid, agency, status, provenance, report, missing, reporter, relationship, travellers, route, departure, last_seen
// param: now: string ; example: 2024-05-01T10:00:00Z ; when it is written (ISO 8601)
UNWIND $rows AS row
MERGE (agency:Agency {code: row.agency}) ON CREATE SET agency.name = row.agency
MERGE (report:Report {uid: row.uid})
  ON CREATE SET report.ingested_at = datetime($now), report.inquiry_status = row.status
SET report += row.report, report += row.provenance, report.updated_at = datetime($now),
    report.placeholder = null
MERGE (report)-[supplied:SUPPLIED_BY]->(agency)
  ON CREATE SET supplied.ingested_at = datetime($now)
SET supplied += row.provenance, supplied.updated_at = datetime($now)
MERGE (missing:Person {uid: row.uid + '#missing'})
  ON CREATE SET missing.ingested_at = datetime($now)
SET missing += row.missing, missing += row.provenance, missing.updated_at = datetime($now)
MERGE (report)-[concerns:REPORTED_MISSING]->(missing)
  ON CREATE SET concerns.ingested_at = datetime($now)
SET concerns += row.provenance, concerns.updated_at = datetime($now)
MERGE (reporter:Person {uid: row.uid + '#reporter'})
  ON CREATE SET reporter.ingested_at = datetime($now)
SET reporter += row.reporter, reporter += row.provenance, reporter.updated_at = datetime($now)
MERGE (reporter)-[filed:FILED]->(report)
  ON CREATE SET filed.ingested_at = datetime($now)
SET filed += row.provenance, filed.updated_at = datetime($now)
MERGE (reporter)-[kin:RELATIVE_OF]->(missing)
  ON CREATE SET kin.ingested_at = datetime($now)
SET kin += row.provenance, kin.relationship = row.relationship, kin.updated_at = datetime($now)
WITH row, report, missing
CALL (row, missing) {
  UNWIND row.travellers AS traveller
  MERGE (companion:Person {uid: traveller.uid})
    ON CREATE SET companion.ingested_at = datetime($now)
  SET companion += traveller.props, companion += row.provenance, companion.updated_at = datetime($now)
  MERGE (companion)-[together:TRAVELLED_WITH]->(missing)
    ON CREATE SET together.ingested_at = datetime($now)
  SET together += row.provenance, together.relationship = traveller.relationship,
      together.updated_at = datetime($now)
}
CALL (row, report) {
  WITH row, report WHERE row.route IS NOT NULL
  MERGE (route:Route {name: row.route})
  MERGE (report)-[on:ON_ROUTE]->(route)
    ON CREATE SET on.ingested_at = datetime($now)
  SET on += row.provenance, on.updated_at = datetime($now)
}
CALL (row, report) {
  WITH row, report WHERE row.departure IS NOT NULL
  MERGE (place:Place {uid: row.departure.uid}) ON CREATE SET place.name = row.departure.name
  MERGE (report)-[from:DEPARTED_FROM]->(place)
    ON CREATE SET from.ingested_at = datetime($now)
  SET from += row.provenance, from.updated_at = datetime($now)
}
CALL (row, missing) {
  WITH row, missing WHERE row.last_seen IS NOT NULL
  MERGE (place:Place {uid: row.last_seen.uid}) ON CREATE SET place.name = row.last_seen.name
  MERGE (missing)-[seen:LAST_SEEN_AT]->(place)
    ON CREATE SET seen.ingested_at = datetime($now)
  SET seen += row.provenance, seen.updated_at = datetime($now)
}
RETURN count(*) AS written
