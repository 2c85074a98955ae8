"""Reading an uploaded or local file as text, with one clear error when that is impossible."""

import csv
import io
import json
from pathlib import Path

from django.utils.translation import gettext as _

from .base import ImportFileError

MAX_FILE_BYTES = 20 * 1024 * 1024
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))


def read_bytes(file) -> bytes:
    """The content of a path or of a binary file object (e.g. an upload)."""
    if isinstance(file, bytes):
        data = file
    elif isinstance(file, str | Path):
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise ImportFileError(
                _("Cannot read %(file)s: %(error)s.") % {"file": file, "error": exc.strerror}
            ) from exc
    else:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is larger than %(size)d MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)})
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    return data


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 first, then Windows-1252 (spreadsheets saved on Windows)."""
    for codec, label in ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, label
    raise ImportFileError(
        _(
            "The file is neither UTF-8 nor Windows-1252 text (is it a spreadsheet or an archive?); save it as UTF-8 text."
        )
    )


def json_document(text: str):
    """The decoded JSON of a file, or one clear error: where it is not JSON, or nested too deeply to
    be a list of places (a file built to exhaust the parser)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("The file is not valid JSON (line %(line)d, column %(column)d: %(error)s).")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from exc
    except RecursionError:
        raise ImportFileError(_("The file's JSON is nested too deeply to be a list of places.")) from None


def csv_records(text: str, normalise_column, required: tuple[str, ...], not_this_file) -> list[tuple[int, dict]]:
    """(row number, row) for each record of a CSV whose columns are named by `normalise_column`
    (the delimiter guessed from the first line). Raises ImportFileError with `not_this_file`
    (a message taking %(missing)s) when a required column is missing, or when there is no row."""
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [normalise_column(column) for column in reader.fieldnames or []]
        missing = [column for column in required if column not in header]
        if missing:
            raise ImportFileError(not_this_file % {"missing": ", ".join(missing)})
        reader.fieldnames = header
        rows = [(index + 2, row) for index, row in enumerate(reader)]
    except csv.Error as exc:
        raise ImportFileError(_("The file is not a readable CSV: %(error)s.") % {"error": exc}) from exc
    if not rows:
        raise ImportFileError(_("The file has a header but no rows."))
    return rows
