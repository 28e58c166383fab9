// name: match_mark_reports
// title: Record when reports were matched
// description: Sets matched_at on the reports a match run has just scored, so the next run can skip those whose neighbourhood has not changed since.
// mode: write
// shown: engine
// param: uids: list ; example: ICRC:R-17 ; report uids
// param: now: string ; example: 2024-05-01T10:00:00Z ; the run's time (ISO 8601)
UNWIND $uids AS uid
MATCH (r:Report {uid: uid})
SET r.matched_at = datetime($now)
