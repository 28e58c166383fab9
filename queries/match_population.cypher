// name: match_population
// title: How many records of each kind
// description: The number of remains, sightings and reports delivered (placeholders not counted): the denominators of the priors and of the measured time-and-place frequencies.
// mode: read
// shown: engine
CALL () { MATCH (x:Remains) WHERE x.placeholder IS NULL RETURN count(x) AS remains }
CALL () { MATCH (x:Sighting) WHERE x.placeholder IS NULL RETURN count(x) AS sightings }
CALL () { MATCH (x:Report) WHERE x.placeholder IS NULL AND x.exclude_from_matching IS NULL RETURN count(x) AS reports }
RETURN remains, sightings, reports
