"""The local Neo4j server: fetched from Maven Central, started and stopped by `tracegraph db`."""

from .local import ServerStatus, fetch_distribution, server_status, start_server, stop_server

__all__ = ["ServerStatus", "fetch_distribution", "server_status", "start_server", "stop_server"]
