"""Named Cypher queries, one `.cypher` file each, and the catalog that loads them."""

from .catalog import NamedQuery, Parameter, QueryCatalogError, load_catalog, named_query

__all__ = ["NamedQuery", "Parameter", "QueryCatalogError", "load_catalog", "named_query"]
