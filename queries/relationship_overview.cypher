// name: relationship_overview
// title: How the graph is connected
// description: The number of relationships of each type, largest first.
// mode: read
// shown: ui, cli
// category: The graph
MATCH ()-[r]->()
RETURN type(r) AS relationship, count(*) AS relationships
ORDER BY relationships DESC, relationship
