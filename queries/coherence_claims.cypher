// name: coherence_claims
// title: Remains candidates, to make their posteriors coherent
// description: Every remains candidate with what the joint computation needs: the report, the remains and its agency, the combined LR, the prior, the pairwise posterior on its own evidence, whether an individual identifier is among its evidence, its band, review status and DNA log10 LR.
// mode: read
// shown: engine
MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate {candidate_kind: 'remains'})-[:PROPOSES]->(x:Remains)
RETURN c.uid AS candidate_uid, r.uid AS report_uid, x.uid AS remains_uid, x.agency AS agency,
       c.log10_lr AS log10_lr, c.prior AS prior, coalesce(c.pairwise_posterior, c.posterior) AS pairwise_posterior,
       coalesce(c.identifying, false) AS identifying, c.band AS band, c.review_status AS review_status,
       c.dna_log10_lr AS dna_log10_lr, c.posterior AS posterior, c.association AS association,
       c.same_body_as AS same_body_as, coalesce(c.rival, false) AS rival
