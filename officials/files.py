"""The observatory's files: its figures, and a territory's survey responses, as CSV or XLSX.

Every cell goes through afn_directory.spreadsheets (no text is a formula). French is the
language of the files' notes; labels follow the page's language. File names carry the
territory and the date, and differ per content and format.
"""

import io
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from afn_directory import spreadsheets
from surveys.analytics import question_frame
from workshops.exports import CONTENT_TYPES, LICENCE_URL
from workshops.querysets import effective_archetype
from workshops.vocabularies import Archetype

LICENCE_NOTE = (
    "Chiffres calculés à partir de l’annuaire des ateliers de fabrication numérique ; Licence Ouverte 2.0 "
    "(Etalab), " + LICENCE_URL + ". Aucun chiffre n’est donné sous {min_n} ateliers ou réponses."
)
RESPONSES_NOTE = (
    "Réponses anonymes : ni répondant, ni atelier, ni heure, ni texte libre ; l’atelier n’est décrit que par "
    "son département et son archétype. Usage réservé à l’agent qui les a exportées."
)


def filename(kind: str, territory, fmt: str, today: date) -> str:
    """e.g. `observatoire-chiffres-pays-de-la-loire-2026-12-03.xlsx`."""
    return f"observatoire-{kind}-{slugify(territory.name) or 'france'}-{today.isoformat()}.{fmt}"


def _cell(value):
    return "" if value is None else value


def figure_blocks(figures, territory, today, min_n):
    """The figures as (sheet title, rows): one block per figure, then the notes."""
    blocks = []
    for figure in figures:
        rows = [[figure.title], [_("Based on"), figure.n], figure.columns]
        if figure.hidden:
            rows.append([_("Fewer than %(n)s: not shown.") % {"n": min_n}])
        for row in figure.rows:
            # As on the page: a hidden row keeps its n in its column, says why beside its label
            # and leaves its other cells empty.
            label = (
                f"{row.label} {_('(fewer than %(min_n)s: not shown)') % {'min_n': min_n}}" if row.hidden else row.label
            )
            rows.append([label, *row.values])
        if figure.note:
            rows.append([figure.note])
        blocks.append((figure.key, rows))
    about = [
        [_("Territory"), territory.name],
        [_("Date"), today.isoformat()],
        [_("Licence"), LICENCE_NOTE.format(min_n=min_n)],
    ]
    blocks.append(("a_propos", about))
    return blocks


def response_table(responses, frame):
    """(codes header, labels header, rows): one row per response, anonymous, codes and labels side by side."""
    names = {number: str(label) for number, label in Archetype.choices}
    codes = ["numero", "annee", "questionnaire_version", "departement", "archetype", "archetype_libelle"]
    labels = [_("Number"), _("Year"), _("Questionnaire version"), _("Department"), _("Archetype"), _("Archetype name")]
    questions = [q for q in frame if q["type"] not in ("short_text", "long_text")]
    for question in questions:
        codes += [question["code"], f"{question['code']}_libelle"]
        labels += [question["text"], f"{question['text']} ({_('label')})"]
    rows = []
    data = responses.order_by("submitted_at", "pk").values_list(
        "submitted_at",
        "questionnaire__version",
        "workshop__department_id",
        "workshop__archetype",
        "workshop__archetype_override",
        "answers",
    )
    for number, (submitted, version, department, archetype, override, answers) in enumerate(data, start=1):
        effective = effective_archetype(override, archetype)
        row = [number, submitted.year, version, department or "", effective or "", names.get(effective, "")]
        for question in questions:
            value = (answers or {}).get(question["code"])
            row += [_codes(value), _labels(question, value)]
        rows.append(row)
    return codes, labels, rows


def _codes(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return value


def _labels(question, value):
    if value is None or value == []:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    names = {c["code"]: c["label"] for c in question["choices"]}
    values = value if isinstance(value, list) else [value]
    return " | ".join(str(names.get(v, v)) for v in values)


def responses_codebook(frame):
    rows = [[_("Question code"), _("Question"), _("Answer code"), _("Answer")]]
    for question in frame:
        if question["type"] in ("short_text", "long_text"):
            continue
        if question["choices"]:
            rows += [[question["code"], question["text"], c["code"], c["label"]] for c in question["choices"]]
        else:
            rows.append([question["code"], question["text"], "", ""])
    return rows


def _csv_cell(value):
    """A CSV cell: a decimal with a comma, as the workshops' CSV writes them."""
    if isinstance(value, float | Decimal):
        return spreadsheets.decimal_comma(value)
    return _cell(value)


def _csv(blocks, delimiter=";") -> bytes:
    buffer = io.StringIO()
    writer = spreadsheets.csv_writer(buffer, delimiter=delimiter)
    for index, (_title, rows) in enumerate(blocks):
        if index:
            writer.writerow([])
        writer.writerows([[_csv_cell(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(blocks) -> bytes:
    workbook = Workbook(write_only=True)
    for title, rows in blocks:
        sheet = workbook.create_sheet(title=title[:31])
        for row in rows:
            sheet.append(spreadsheets.xlsx_row(sheet, [_cell(v) for v in row]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def figures_file(figures, territory, fmt, today, min_n):
    blocks = figure_blocks(figures, territory, today, min_n)
    return _response(_xlsx(blocks) if fmt == "xlsx" else _csv(blocks), fmt, filename("chiffres", territory, fmt, today))


def responses_file(responses, audience, territory, fmt, today):
    frame = question_frame(responses.values_list("questionnaire_id", flat=True).distinct())
    codes, labels, rows = response_table(responses, frame)
    about = [[_("Territory"), territory.name], [_("Date"), today.isoformat()], [_("Note"), RESPONSES_NOTE]]
    if fmt == "xlsx":
        content = _xlsx(
            [("reponses", [labels, codes, *rows]), ("codes", responses_codebook(frame)), ("a_propos", about)]
        )
    else:
        content = _csv([("reponses", [codes, *rows])])
    return _response(content, fmt, filename(f"reponses-{audience}", territory, fmt, today))


def _response(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
