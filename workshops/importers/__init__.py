"""Importing workshops from open-data files: one parser per format, one shared writer (base.write)."""

from django.utils.translation import gettext_lazy

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

# The parts of an import report, in the order the command and the admin page show them.
REPORT_SECTIONS = (
    (Outcome.SKIPPED, gettext_lazy("Skipped rows")),
    (Outcome.PENDING, gettext_lazy("Held pending, not published: their places disagree")),
    (Outcome.UNCERTAIN, gettext_lazy("Possible duplicates, listed for staff to merge or keep apart")),
    (Outcome.SUSPICIOUS, gettext_lazy("Imported, but worth a look")),
    (Outcome.LINKED, gettext_lazy("Linked to a workshop already in the directory")),
    (Outcome.KEPT, gettext_lazy("Edited in the directory since the last import: edit kept")),
)

__all__ = [
    "FORMATS",
    "FILTERED_FORMATS",
    "REPORT_SECTIONS",
    "ImportFileError",
    "ImportReport",
    "Outcome",
    "import_file",
]


def import_file(format: str, file, *, dry_run: bool = False, include_all: bool = False) -> ImportReport:
    """Import `file` (a path, bytes or a binary file object) in the given format."""
    module = FORMATS[format]
    if format in FILTERED_FORMATS:
        return module.import_file(file, dry_run=dry_run, include_all=include_all)
    return module.import_file(file, dry_run=dry_run)
