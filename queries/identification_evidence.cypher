// name: identification_evidence
// title: The evidence behind one identification
// description: For a report and a candidate record: the candidate's combined figures, each piece of evidence with its log10 likelihood ratio, the DNA comparison if any, and every review decision.
// mode: read
// shown: ui, cli
// category: Identification
// param: report: string ; example: R-000001 ; the report's record id
// param: candidate: string ; example: RM-000001 ; the candidate record's id (remains, sighting or report)
// param: agency: string = null ; example: DEMO ; the agency of the report (any when omitted)
MATCH (r:Report {record_id: $report})-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(target)
WHERE ($agency IS NULL OR r.agency = $agency) AND target.record_id = $candidate
OPTIONAL MATCH (pm:DNAProfile)-[:SAMPLED_FROM]->(target)
OPTIONAL MATCH (pm)-[k:KINSHIP_MATCH]->(r)
OPTIONAL MATCH (rev:Review)-[:REVIEW_OF]->(c)
WITH r, c, target, k, rev ORDER BY rev.at
RETURN r.record_id AS report, target.record_id AS candidate, c.candidate_kind AS kind, c.band AS band,
       c.log10_lr AS log10_lr, c.posterior AS posterior, c.prior AS prior, c.review_status AS review_status,
       c.evidence AS evidence, k.log10_lr AS dna_log10_lr, k.excluded AS dna_excluded,
       collect(CASE WHEN rev IS NULL THEN null ELSE
         {at: toString(rev.at), reviewer: rev.reviewer, decision: rev.decision, reason: rev.reason} END) AS reviews
