"""Importing workshops from open-data files: one parser per format, one shared writer (base.write)."""

from . import cget, data_inclusion, fablabs, mednum, osm
from .base import ImportFileError, ImportReport, Outcome

FORMATS = {
    "cget-csv": cget,
    "fablabs-json": fablabs,
    "mednum-csv": mednum,
    "data-inclusion-json": data_inclusion,
    "osm-json": osm,
}
# Formats whose rows are filtered by kind unless told to take them all.
FILTERED_FORMATS = {"cget-csv", "mednum-csv", "data-inclusion-json"}

__all__ = ["FORMATS", "FILTERED_FORMATS", "ImportFileError", "ImportReport", "Outcome", "import_file"]


def import_file(format: str, file, *, dry_run: bool = False, include_all: bool = False) -> ImportReport:
    """Import `file` (a path, bytes or a binary file object) in the given format."""
    module = FORMATS[format]
    if format in FILTERED_FORMATS:
        return module.import_file(file, dry_run=dry_run, include_all=include_all)
    return module.import_file(file, dry_run=dry_run)
