"""The TraceGraph graph model and the store layer that owns the Neo4j driver."""

import logging

# The driver logs each retry as a warning; with no handler configured Python would print them to
# stderr. The store turns the final failure into one clear sentence instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())
logging.getLogger("neo4j").propagate = False
