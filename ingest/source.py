"""Reading agency files: the whole-file checks first, then the rows streamed one at a time.

`inspect_file` reads the file once before anything is written: it hashes it, refuses a binary
file or one that is not in the declared encoding, and parses it as CSV so a broken quote is
found now, not half-way through a load. Only then does `stream_rows` hand out the rows, one by
one, each with the line it starts on, so memory stays flat whatever the file's size.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import FileRefused

CHUNK_BYTES = 1 << 20
# Free-text cells (circumstances, details of an incident) can be long; a cell larger than this
# is a broken file rather than a long note.
csv.field_size_limit(16 * 1024 * 1024)

_MAGIC = {
    b"PK\x03\x04": "a zip archive (an .xlsx workbook?)",
    b"\xd0\xcf\x11\xe0": "an Excel .xls workbook",
    b"%PDF": "a PDF document",
}


@dataclass(frozen=True)
class FileFacts:
    """What the whole-file checks learnt: content hash, size and number of CSV rows."""

    path: Path
    sha256: str
    size: int
    csv_rows: int


@dataclass(frozen=True)
class SourceRow:
    """One CSV row: the line it starts on and its cells as delivered."""

    line: int
    cells: list[str]


def python_encoding(encoding: str) -> str:
    """UTF-8 is read with `utf-8-sig` so a leading byte-order mark is accepted."""
    return "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding


def inspect_file(path: Path, *, encoding: str = "utf-8", delimiter: str | None = ",") -> FileFacts:
    """Hash the file and check it is text in `encoding` and well-formed CSV (with `delimiter`;
    None leaves the CSV check to `check_csv`); FileRefused if not."""
    name = path.name
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FileRefused(f"{encoding!r} is not an encoding Python knows: use e.g. utf-8, cp1252 or latin-1.") from None
    if not path.is_file():
        raise FileRefused(f"{path} does not exist or is not a file.")
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder(python_encoding(encoding))("strict")
    size = 0
    line = 1
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            if size == 0:
                for magic, what in _MAGIC.items():
                    if chunk.startswith(magic):
                        raise FileRefused(f"{name} is {what}, not a CSV file: save it as CSV (UTF-8) and load that.")
            if b"\x00" in chunk:
                at = line + chunk[: chunk.index(b"\x00")].count(b"\n")
                raise FileRefused(f"{name} is a binary file, not CSV text (a NUL byte on line {at}).")
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                at = line + chunk[: error.start].count(b"\n")
                raise FileRefused(
                    f"{name} is not {encoding} text (byte 0x{chunk[error.start]:02x} on line {at}): "
                    f"save it as CSV {encoding.upper()} and load it again, or name its encoding with "
                    f"--encoding (cp1252 for a file Excel saved on Windows).") from None
            digest.update(chunk)
            size += len(chunk)
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FileRefused(f"{name} is not {encoding} text (it ends inside a character).") from None
    if size == 0:
        raise FileRefused(f"{name} is empty.")
    rows = check_csv(path, encoding=encoding, delimiter=delimiter) if delimiter else 0
    return FileFacts(path=path, sha256=digest.hexdigest(), size=size, csv_rows=rows)


def check_csv(path: Path, *, encoding: str, delimiter: str) -> int:
    """The number of CSV rows; FileRefused naming the line where quoting breaks."""
    name = path.name
    rows = 0
    with path.open(encoding=python_encoding(encoding), newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        row_start = 1
        try:
            for _ in reader:
                rows += 1
                row_start = reader.line_num + 1
        except csv.Error as error:
            # An unclosed quote is only noticed at the end of the file: name the line where the
            # broken row starts, where the stray quote is.
            raise FileRefused(
                f"{name} is not valid CSV at line {row_start} ({error}): "
                "check the quotes on that line.") from None
    return rows


def clean_header(cells: list[str]) -> list[str]:
    """Header names as NFC text without surrounding spaces."""
    return [unicodedata.normalize("NFC", cell).strip() for cell in cells]


def read_leading_rows(path: Path, count: int, *, encoding: str = "utf-8",
                      delimiter: str = ",") -> list[list[str]]:
    """The first `count` rows of the file, for locating its header."""
    rows = []
    with path.open(encoding=python_encoding(encoding), newline="") as stream:
        for row in csv.reader(stream, delimiter=delimiter):
            rows.append(row)
            if len(rows) >= count:
                break
    return rows


def stream_rows(path: Path, *, header_index: int, encoding: str = "utf-8",
                delimiter: str = ",") -> Iterator[SourceRow]:
    """The data rows after the header row (0-based `header_index`), with their first line.

    Blank lines are skipped; they are not rows of the file.
    """
    for line, cells in stream_cells(path, header_index=header_index, encoding=encoding, delimiter=delimiter):
        yield SourceRow(line=line, cells=cells)


def stream_cells(path: Path, *, header_index: int, encoding: str = "utf-8",
                 delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """`stream_rows` as (line, cells) pairs: the loader's loop, which meets millions of rows."""
    with path.open(encoding=python_encoding(encoding), newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        for _ in zip(range(header_index + 1), reader):
            pass
        previous_line = reader.line_num
        for cells in reader:
            line = previous_line + 1
            previous_line = reader.line_num
            if cells:
                yield line, cells


def has_data_rows(path: Path, *, header_index: int, encoding: str = "utf-8", delimiter: str = ",") -> bool:
    """Whether any row after the header holds a value (a header alone is an empty file)."""
    return any(any(cell.strip() for cell in row.cells)
               for row in stream_rows(path, header_index=header_index, encoding=encoding, delimiter=delimiter))
