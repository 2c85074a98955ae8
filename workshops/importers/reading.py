"""Reading an uploaded or local file as text, with one clear error when that is impossible."""

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
