// name: ui_visible_ids
// title: Which of some nodes the user may see
// description: Of the given element ids, those whose nodes the user's agency and clearance may see; candidates and reviews only when both ends of the candidate are (used to screen workbench results).
// mode: read
// shown: ui
// param: ids: list ; example: 4:abc:12 ; element ids
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
UNWIND $ids AS id
MATCH (n) WHERE elementId(n) = id
  AND @visible(n) AND @cleared(n)
RETURN collect(elementId(n)) AS visible
