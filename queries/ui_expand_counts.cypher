// name: ui_expand_counts
// title: How many neighbours a node has, by relationship type
// description: For one node, the number of neighbours the user may see along each relationship type and direction, so the canvas can offer filtered, paged expansion.
// mode: read
// shown: ui
// param: id: string ; example: 4:abc:12 ; the node's element id
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
MATCH (n) WHERE elementId(n) = $id
  AND @visible(n)
  AND @cleared(n)
MATCH (n)-[r]-(m)
WHERE @visible(m)
  AND @cleared(m) AND NOT m:Delivery AND type(r) <> 'SUPPLIED_BY'
RETURN type(r) AS type, startNode(r) = n AS outgoing, count(*) AS neighbours
ORDER BY type, outgoing
