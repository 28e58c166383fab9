// name: candidates_of_report
// title: A report's candidate identifications, ranked
// description: The candidates of one report, best first (`tracegraph candidates` then lists remains and sightings apart from other reports, identify/candidates.py): excluded ones (by the evidence or by a reviewer) last, the others by posterior probability, then combined likelihood ratio. Each with the record it proposes (as delivered: record id and agency), its evidence, review state (who proposed a confirmation, who confirmed it, which confirmation settled it), the flags a match run sets, what it is (an identification, a second part of a body, a second agency's record of it), its rival claims, the report's status, and whether its family's references contradict their stated pedigree (family_data_inconsistent, with the check as JSON).
// mode: read
// shown: cli, engine
// category: Identification
// param: uid: string ; example: ICRC:R-17 ; the report's uid
// param: limit: integer = 20 ; example: 20 ; most candidates listed
MATCH (r:Report {uid: $uid})-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t)
RETURN c.uid AS candidate_uid, t.uid AS target_uid, t.record_id AS candidate_id, t.agency AS candidate_agency,
       c.candidate_kind AS candidate_kind, c.log10_lr AS log10_lr, c.posterior AS posterior, c.prior AS prior,
       c.prior_statement AS prior_statement, c.band AS band, c.evidence AS evidence,
       c.review_status AS review_status, coalesce(c.needs_second_look, false) AS needs_second_look,
       c.second_look_reason AS second_look_reason, coalesce(c.conflict, false) AS conflict,
       c.conflict_with AS conflict_with, toString(c.computed_at) AS computed_at,
       coalesce(c.pairwise_posterior, c.posterior) AS pairwise_posterior,
       coalesce(c.association, 'identification') AS association, c.same_body_as AS same_body_as,
       COLLECT { MATCH (c)-[rival:RIVAL_OF]->(other:Candidate)-[:PROPOSES]->(x)
                 MATCH (owner:Report)-[:HAS_CANDIDATE]->(other)
                 RETURN {kind: rival.kind, candidate_uid: other.uid, report_uid: owner.uid,
                         record_uid: x.uid} } AS rivals,
       c.confirmation_proposed_by AS confirmation_proposed_by, c.confirmed_by AS confirmed_by,
       c.settled_by AS settled_by, r.status AS report_status,
       coalesce(r.family_data_inconsistent, false) AS family_data_inconsistent, r.family_data_check AS family_data_check
ORDER BY CASE WHEN c.band = 'excluded' OR c.review_status = 'excluded' THEN 1 ELSE 0 END,
         c.posterior DESC, c.log10_lr DESC, c.uid
LIMIT $limit
