// name: coherence_same_body
// title: Record two remains as (possibly) one body
// description: A SAME_BODY_AS relationship between two remains records: `fragment` when their post-mortem DNA is one person's (parts of one body, a re-association to review), `duplicate_record` when two agencies recorded a body on the same day at the same place without contradiction (to check). Idempotent.
// mode: write
// shown: engine
// param: rows: list ; example: [] ; one map per pair: first, second, kind, reason
// param: now: string ; example: 2024-05-01T10:00:00Z ; the run's time (ISO 8601)
UNWIND $rows AS row
MATCH (a:Remains {uid: row.first})
MATCH (b:Remains {uid: row.second})
MERGE (a)-[link:SAME_BODY_AS]->(b)
SET link.kind = row.kind, link.reason = row.reason, link.computed_at = coalesce(link.computed_at, datetime($now))
