// name: ui_paths
// title: Shortest link chains between two nodes
// description: Up to $paths shortest paths (at most 6 hops) between two nodes, through nodes the user may see only; agencies, deliveries and migration routes are not stepped through, because everything shares them.
// mode: read
// shown: ui
// graph: yes
// param: from_id: string ; example: 4:abc:12 ; element id of one end
// param: to_id: string ; example: 4:abc:99 ; element id of the other end
// param: paths: integer = 5 ; example: 5 ; most paths returned
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
MATCH (a) WHERE elementId(a) = $from_id
  AND @visible(a)
  AND @cleared(a)
MATCH (b) WHERE elementId(b) = $to_id AND a <> b AND @visible(b) AND @cleared(b)
MATCH p = SHORTEST 5 (a) (()-[]-(x WHERE @visible(x)
    AND @cleared(x) AND NOT x:Agency AND NOT x:Delivery AND NOT x:Route)){1,6} (b)
RETURN p
LIMIT $paths
