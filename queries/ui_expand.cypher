// name: ui_expand
// title: A page of a node's neighbours
// description: One page of the neighbours of a node the user may see, optionally only along some relationship types, in a stable order so pages do not overlap: one row (none when the user may not see the node), with the node and its page as a list of {relationship, neighbour}.
// mode: read
// shown: ui
// graph: yes
// param: id: string ; example: 4:abc:12 ; the node's element id
// param: types: list ; example: BOARDED,RECOVERED_FROM ; relationship types to follow (empty list: all)
// param: skip: integer = 0 ; example: 0 ; neighbours to skip (page start)
// param: limit: integer = 25 ; example: 25 ; neighbours in this page
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
MATCH (n) WHERE elementId(n) = $id
  AND @visible(n)
  AND @cleared(n)
// The node once, its page of neighbours as a list: a row per neighbour would send the node again
// with every one of them.
CALL (n) {
  MATCH (n)-[r]-(m)
  WHERE (size($types) = 0 OR type(r) IN $types)
    AND @visible(m)
    AND @cleared(m) AND NOT m:Delivery AND type(r) <> 'SUPPLIED_BY'
  WITH r, m ORDER BY type(r), elementId(m)
  SKIP $skip LIMIT $limit
  RETURN collect({relationship: r, neighbour: m}) AS page
}
RETURN n AS origin, page
