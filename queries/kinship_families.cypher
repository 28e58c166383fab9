// name: kinship_families
// title: Families with reference samples
// description: Every report whose relatives gave reference samples: the references with their relationship to the missing person, sex, genotypes and stated population, the incident or route and year that set the prior, and the fingerprint of the last screening.
// mode: read
// shown: engine
MATCH (r:Report)-[:REPORTED_MISSING]->(m:Person)
MATCH (d:DNAProfile {sample_kind: 'reference'})-[:SAMPLED_FROM]->(rel:Person)-[k:RELATIVE_OF]->(m)
WHERE d.genotypes IS NOT NULL AND NOT coalesce(d.placeholder, false)
WITH r, m, collect({sample: d.uid, relationship: k.relationship, sex: rel.sex, genotypes: d.genotypes,
                    population: d.population}) AS references
OPTIONAL MATCH (m)-[:BOARDED]->(:Voyage)-[:ENDED_IN]->(i:Incident)
OPTIONAL MATCH (r)-[:ON_ROUTE]->(route:Route)
RETURN r.uid AS report, m.sex AS sex, references, min(i.uid) AS incident, min(route.name) AS route,
       left(coalesce(m.last_seen_date, r.departure_date, r.reported_on), 4) AS year,
       r.kinship_family_hash AS screened
