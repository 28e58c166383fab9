// name: graph_overview
// title: What the graph holds
// description: The number of nodes of each label, largest first.
// mode: read
// shown: ui, cli
// category: The graph
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS nodes
ORDER BY nodes DESC, label
