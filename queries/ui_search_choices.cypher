// name: ui_search_choices
// title: What a search can be narrowed by
// description: The agencies that delivered a record the user's agency may see, and the migration routes; the choices of the search page's filters.
// mode: read
// shown: ui
// param: agency: string ; example: ICRC ; the user's agency
CALL () {
  MATCH (a:Agency)
  // Its first record the user may see is enough: an agency sharing nothing with partners is not named.
  WHERE EXISTS { MATCH (record:Report|Remains|Sighting|Voyage|Incident)-[:SUPPLIED_BY]->(a)
                 WHERE @visible(record:Report|Remains|Sighting|Voyage|Incident) }
  RETURN 'agency' AS choice, a.code AS value
  UNION
  MATCH (route:Route)
  RETURN 'route' AS choice, route.name AS value
}
RETURN choice, value
ORDER BY choice, value
