// name: unresolved_references
// title: References to records not delivered yet
// description: Placeholder nodes: voyages, reports, remains or samples that a delivered record points at but whose own record has not arrived, with who refers to them.
// mode: read
// shown: ui, cli
// category: Data quality
MATCH (n)
WHERE n.placeholder = true
OPTIONAL MATCH (n)--(referrer)
WHERE NOT coalesce(referrer.placeholder, false) AND referrer.record_id IS NOT NULL
WITH n, labels(referrer)[0] + ' ' + referrer.record_id AS reference
ORDER BY reference
RETURN labels(n)[0] AS kind, n.uid AS uid, n.agency AS agency,
       collect(DISTINCT reference)[..10] AS referred_to_by
ORDER BY kind, uid
