"""Errors of ingestion a user can cause, each one sentence naming the file and the problem."""

from __future__ import annotations

from graphmodel.errors import TraceGraphError


class FileRefused(TraceGraphError):
    """A file is not what its format says (wrong header, binary, wrong encoding): nothing of it
    is loaded."""


class MappingError(TraceGraphError):
    """A declarative mapping file cannot be used as written."""


class RejectsFolderError(TraceGraphError):
    """The rejects report cannot be written where asked."""
