// name: ui_console_hidden_exists
// title: Whether the graph holds records the user may not see
// description: True when some node is one the user may not see: shared with its agency only by another agency (or a candidate linking such a record), or a DNA profile when the user lacks DNA clearance. The Cypher console then shows only nodes, relationships and paths it can check one by one, and withholds bare values.
// mode: read
// shown: ui
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
// discloses: hidden ; whether any record at all is hidden from the user
RETURN EXISTS {
         // Only an agency-only record fails the agency rule (a candidate fails it only when such a
         // record does), so that cheap test goes first and the rule runs on those records alone.
         MATCH (n) WHERE @agency_only(n) AND NOT (@visible(n) AND @cleared(n)) }
       OR EXISTS { MATCH (d:DNAProfile) WHERE NOT (@visible(d:DNAProfile) AND @cleared(d)) } AS hidden
