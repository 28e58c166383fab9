// name: ui_console_hidden_exists
// title: Whether the graph holds records the user may not see
// description: True when some node is shared with its agency only and belongs to another agency, or when the user lacks DNA clearance and DNA profiles exist. The Cypher console then shows only nodes, relationships and paths it can check one by one, and withholds bare values.
// mode: read
// shown: ui
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
RETURN (NOT $dna_cleared AND EXISTS { MATCH (:DNAProfile) })
       OR EXISTS { MATCH (n) WHERE n.sharing = 'agency' AND n.agency <> $agency } AS hidden
