// name: match_profiles_sightings
// title: Sightings as the scoring compares them
// description: The person each sighting recorded, as it recorded them: names, sex, age, nationality, description, and the sighting's date.
// mode: read
// shown: engine
// param: uids: list ; example: RC:S-12 ; sighting uids
UNWIND $uids AS uid
MATCH (s:Sighting {uid: uid})
OPTIONAL MATCH (s)-[:RECORDS]->(p:Person)
WITH s, head(collect(p)) AS p
RETURN {uid: s.uid, record_id: s.record_id, agency: s.agency, date: s.date, sex: p.sex,
        age_min: p.age_min, age_max: p.age_max, nationality: p.nationality,
        description: coalesce(p.description, s.description), full_name: p.full_name,
        other_names: p.other_names} AS profile
