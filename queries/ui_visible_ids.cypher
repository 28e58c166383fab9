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
  AND (n.sharing IS NULL OR n.sharing <> 'agency' OR n.agency = $agency)
  AND ($dna_cleared OR NOT n:DNAProfile)
  // A candidate, and each review of it, names the report and the record it links: it is visible only
  // when both ends are, or it would reveal a restricted report (a hidden conflict) by its uid.
  AND NOT EXISTS {
    MATCH (n:Candidate)-[:HAS_CANDIDATE|PROPOSES]-(end)
    WHERE end.sharing = 'agency' AND end.agency <> $agency }
  AND NOT EXISTS {
    MATCH (n:Review)-[:REVIEW_OF]->(:Candidate)-[:HAS_CANDIDATE|PROPOSES]-(end)
    WHERE end.sharing = 'agency' AND end.agency <> $agency }
RETURN collect(elementId(n)) AS visible
