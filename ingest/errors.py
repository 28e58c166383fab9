"""Errors of ingestion a user can cause, each one sentence naming the file and the problem."""

from __future__ import annotations

from graphmodel.errors import TraceGraphError


class FileRefused(TraceGraphError):
    """A file is not what its format says (wrong header, binary, wrong encoding): nothing of it
    is loaded."""


class EmptyFile(FileRefused):
    """A file has a header and no rows. Alone it is refused; in a delivery of several files it is
    noted and the others are loaded."""


class MappingError(TraceGraphError):
    """A declarative mapping file cannot be used as written."""


class RejectsFolderError(TraceGraphError):
    """The rejects report cannot be written where asked."""
