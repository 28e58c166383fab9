// name: ui_entity_node
// title: One record by its kind and key
// description: The node of the given label whose key (uid, or code for an Agency, or name for a Route) is given, when the user's agency and clearance may see it; Delivery bookkeeping is not offered.
// mode: read
// shown: ui
// graph: yes
// param: label: string ; example: Remains ; the node's label
// param: key: string ; example: MORGUE:B-17 ; its uid (code for Agency, name for Route)
// param: agency: string ; example: ICRC ; the user's agency
// param: dna_cleared: boolean = false ; example: true ; whether the user may see DNA profiles
CALL () {
  MATCH (n:Report {uid: $key}) WHERE $label = 'Report' RETURN n
  UNION MATCH (n:Person {uid: $key}) WHERE $label = 'Person' RETURN n
  UNION MATCH (n:Sighting {uid: $key}) WHERE $label = 'Sighting' RETURN n
  UNION MATCH (n:Voyage {uid: $key}) WHERE $label = 'Voyage' RETURN n
  UNION MATCH (n:Vessel {uid: $key}) WHERE $label = 'Vessel' RETURN n
  UNION MATCH (n:Place {uid: $key}) WHERE $label = 'Place' RETURN n
  UNION MATCH (n:Incident {uid: $key}) WHERE $label = 'Incident' RETURN n
  UNION MATCH (n:Remains {uid: $key}) WHERE $label = 'Remains' RETURN n
  UNION MATCH (n:DNAProfile {uid: $key}) WHERE $label = 'DNAProfile' RETURN n
  UNION MATCH (n:Candidate {uid: $key}) WHERE $label = 'Candidate' RETURN n
  UNION MATCH (n:Review {uid: $key}) WHERE $label = 'Review' RETURN n
  UNION MATCH (n:Agency {code: $key}) WHERE $label = 'Agency' RETURN n
  UNION MATCH (n:Route {name: $key}) WHERE $label = 'Route' RETURN n
}
WITH n
WHERE @visible(n)
  AND @cleared(n)
RETURN n
LIMIT 1
