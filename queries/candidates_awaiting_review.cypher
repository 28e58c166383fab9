// name: candidates_awaiting_review
// title: Candidates awaiting review longest
// description: Strong and probable candidates not yet confirmed or excluded, and reviewed ones flagged for a second look: first the confirmations proposed by one person and awaiting a second (with who proposed, who may not confirm), then the others, oldest first.
// mode: read
// shown: ui, cli
// category: Identification
// param: limit: integer = 50 ; example: 20 ; at most this many candidates
MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(target)
WHERE (c.review_status IN ['proposed', 'under_review', 'confirmation_proposed'] AND c.band IN ['strong', 'probable'])
   OR coalesce(c.needs_second_look, false)
RETURN r.record_id AS report, r.agency AS agency, target.record_id AS candidate, c.candidate_kind AS kind,
       c.band AS band, c.review_status AS review_status, coalesce(c.needs_second_look, false) AS second_look,
       toString(coalesce(c.created_at, c.computed_at)) AS proposed_at,
       c.confirmation_proposed_by AS confirmation_proposed_by
ORDER BY CASE c.review_status WHEN 'confirmation_proposed' THEN 0 ELSE 1 END,
         coalesce(c.created_at, c.computed_at), c.log10_lr DESC
LIMIT $limit
