// name: coherence_remains
// title: Remains compared with each other
// description: For the given remains: agency, recovery date and place (a position, or the place's name), estimated sex, age and stature, and the genotypes of their post-mortem DNA profiles: what tells parts of one body (the same DNA) and one body recorded by two agencies (same day, same place).
// mode: read
// shown: engine
// param: uids: list ; example: MORGUE:B-3 ; remains uids
UNWIND $uids AS uid
MATCH (x:Remains {uid: uid})
OPTIONAL MATCH (x)-[:RECOVERED_AT]->(place:Place)
WITH x, head(collect(place)) AS place
RETURN x.uid AS uid, x.agency AS agency, x.recovery_date AS date, place.name AS place,
       place.location.latitude AS lat, place.location.longitude AS lon, x.sex AS sex,
       x.age_min AS age_min, x.age_max AS age_max,
       COLLECT { MATCH (d:DNAProfile {sample_kind: 'post_mortem'})-[:SAMPLED_FROM]->(x)
                 WHERE d.genotypes IS NOT NULL RETURN d.genotypes } AS profiles
