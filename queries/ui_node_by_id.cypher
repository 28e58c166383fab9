// name: ui_node_by_id
// title: Nodes by element id
// description: The nodes with the given element ids that the user may see, and the relationships among them (to redraw a saved canvas or add nodes to it).
// mode: read
// shown: ui
// graph: yes
// param: ids: list ; example: 4:abc:12 ; element ids, as the canvas holds them
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
UNWIND $ids AS id
MATCH (n) WHERE elementId(n) = id
  AND @visible(n)
  AND @cleared(n) AND NOT n:Delivery
WITH collect(n) AS nodes
UNWIND nodes AS a
OPTIONAL MATCH (a)-[r]->(b) WHERE b IN nodes
RETURN a AS node, collect(r) AS relationships
