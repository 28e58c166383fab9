"""Analysts read only what their agency and clearance allow, in stores where nothing else exists.

`rule` defines what each view holds (from the model); `sync` keeps a view's Neo4j server up to date
from the main graph's change journal; `servers` starts, stops and finds the views' servers;
`roles` writes the equivalent roles for Neo4j Enterprise and Aura.
"""
