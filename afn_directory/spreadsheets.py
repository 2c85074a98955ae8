"""The one writer of spreadsheet cells: nothing the site exports opens as a formula.

A workshop's name, a survey's free text or an import row is written by strangers; a spreadsheet
program runs a cell beginning with = + - @ (or a tab or carriage return before them) as a formula,
which can leak the sheet's other cells or start a program (CSV injection). Every CSV and XLSX the
project writes goes through here:

- CSV: OWASP's rule — a text cell starting with one of those characters is prefixed with `'`, which
  spreadsheet programs show as text; a number or a phone number ("-1,5536", "+33 1 23 45 67 89") is
  left alone: it holds no formula, and open data's readers (machines among them) need it as it is.
- XLSX: text is written as a string cell, never as a formula (openpyxl would otherwise make any
  string starting with "=" a formula); numbers and dates keep their types.
"""

import csv
import re

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number or a phone number: one sign, then digits among spaces, dots, commas, dashes, slashes and
# brackets ("-1,5536", "+1 (555) 010-0199"). Without a letter, a quote or a "|", it can name no cell,
# call no function nor start a program.
_NUMBER_OR_PHONE = re.compile(r"[+-]?(?=\D*\d)[\d .,/()\u00a0\u202f-]+([eE][+-]?\d+)?")


def neutralise(value):
    """The value to write in a CSV cell: formula-like text prefixed with `'`, anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER_OR_PHONE.fullmatch(value):
        return "'" + value
    return value


class CsvWriter:
    """csv.writer whose rows are neutralised; writerow returns what the file's write() returned."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows):
        return self._writer.writerows([neutralise(value) for value in row] for row in rows)


def csv_writer(file, **kwargs) -> CsvWriter:
    return CsvWriter(file, **kwargs)


def decimal_comma(number) -> str:
    """A number as a ";" CSV holds it for French spreadsheets: "4,4", which they read as a number,
    where "4.4" would open as the 4th of April."""
    return str(number).replace(".", ",")


def xlsx_row(sheet, values) -> list:
    """A row for `sheet.append()` (a write-only sheet) in which no text is a formula."""
    return [_text_cell(sheet, value) if isinstance(value, str) and value.startswith("=") else value for value in values]


def _text_cell(sheet, text):
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell
