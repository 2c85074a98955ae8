"""Responses as a table — one row per response — written as CSV (UTF-8 with BOM) or XLSX.

Columns: number, month, questionnaire_version, workshop, then one column per question code of
every version answered (latest wording first). The questionnaire is anonymous, and the file goes
to the workshop's managers, who know who came when: a response is dated by its month only and
numbered in the file's own order (month, then its answers), never by its id or its minute, which
would tell who answered. Values are choice labels or codes; a
multiple choice is one column (labels joined by " | ") or one 0/1 column per choice. Answers to
every version of a questionnaire share the columns of their stable codes.
"""

import io
import json

from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook

from afn_directory import spreadsheets

from .analytics import question_frame
from .models import TEXT_TYPES, Response

MULTIPLE_JOINED = "joined"
MULTIPLE_COLUMNS = "columns"
SEPARATOR = " | "


def _cell(question: dict, value, labels: bool):
    if value is None:
        return ""
    if question["type"] == "yes_no":
        if labels:
            return gettext("Yes") if value else gettext("No")
        return "yes" if value else "no"
    if question["type"] in ("single", "multiple") and labels:
        names = {c["code"]: c["label"] for c in question["choices"]}
        values = value if isinstance(value, list) else [value]
        return SEPARATOR.join(names.get(v, v) for v in values)
    if isinstance(value, list):
        return SEPARATOR.join(value)
    return value


def _month(response) -> str:
    return timezone.localtime(response.submitted_at).strftime("%Y-%m")


def table(responses, *, labels=True, multiple=MULTIPLE_JOINED, texts="approved"):
    """(header, rows) for a queryset of responses.

    texts: "all" (staff), "approved" (only moderated free text; the default) or "none".
    """
    rows_data = sorted(
        responses.select_related("questionnaire", "workshop").iterator(chunk_size=500),
        key=lambda response: (_month(response), json.dumps(response.answers, sort_keys=True), response.pk),
    )
    frame = question_frame(r.questionnaire_id for r in rows_data)
    header = ["number", "month", "questionnaire_version", "workshop"]
    for question in frame:
        if question["type"] == "multiple" and multiple == MULTIPLE_COLUMNS:
            header += [f"{question['code']}:{c['code']}" for c in question["choices"]]
        else:
            header.append(question["code"])
    rows = []
    for number, response in enumerate(rows_data, start=1):
        show_text = texts == "all" or (
            texts == "approved" and response.free_text_status == Response.Moderation.APPROVED
        )
        row = [
            number,
            _month(response),
            response.questionnaire.version,
            response.workshop.slug,
        ]
        for question in frame:
            value = response.answers.get(question["code"])
            if question["type"] in TEXT_TYPES and not show_text:
                value = None
            if question["type"] == "multiple" and multiple == MULTIPLE_COLUMNS:
                row += ["" if value is None else int(c["code"] in value) for c in question["choices"]]
            else:
                row.append(_cell(question, value, labels))
        rows.append(row)
    return header, rows


def to_csv(header, rows, delimiter=";") -> bytes:
    buffer = io.StringIO()
    writer = spreadsheets.csv_writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(header, rows, title="responses") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(spreadsheets.xlsx_row(sheet, header))
    for row in rows:
        sheet.append(spreadsheets.xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
