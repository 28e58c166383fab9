// name: coherence_claims_near
// title: Remains candidates near some reports, to make their posteriors coherent
// description: The remains candidates of the given reports and of every report claiming one of the same remains, with what the joint computation needs (as coherence_claims).
// mode: read
// shown: engine
// param: reports: list ; example: ICRC:R-17 ; report uids
UNWIND $reports AS uid
MATCH (:Report {uid: uid})-[:HAS_CANDIDATE]->(:Candidate {candidate_kind: 'remains'})-[:PROPOSES]->(near:Remains)
WITH DISTINCT near
MATCH (near)<-[:PROPOSES]-(:Candidate)<-[:HAS_CANDIDATE]-(r:Report)
WITH DISTINCT r
MATCH (r)-[:HAS_CANDIDATE]->(c:Candidate {candidate_kind: 'remains'})-[:PROPOSES]->(x:Remains)
RETURN c.uid AS candidate_uid, r.uid AS report_uid, x.uid AS remains_uid, x.agency AS agency,
       c.log10_lr AS log10_lr, c.prior AS prior, coalesce(c.pairwise_posterior, c.posterior) AS pairwise_posterior,
       coalesce(c.identifying, false) AS identifying, c.band AS band, c.review_status AS review_status,
       c.dna_log10_lr AS dna_log10_lr, c.posterior AS posterior, c.association AS association,
       c.same_body_as AS same_body_as, coalesce(c.rival, false) AS rival
