"""Errors a user can cause, each carrying one sentence that says what is wrong and what to do."""


class TraceGraphError(Exception):
    """An error whose message is fit to show a user as it is."""


class DatabaseUnavailable(TraceGraphError):
    """Neo4j cannot be reached, or it refused the credentials."""


class ServerError(TraceGraphError):
    """The local Neo4j server could not be fetched, started or stopped."""
