"""The observatory's files: its figures, and a territory's survey responses, as CSV or XLSX.

Every cell goes through afn_directory.spreadsheets (no text is a formula). French is the
language of the files' notes; labels follow the page's language. File names carry the
territory and the date, and differ per content and format.
"""

import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from afn_directory import spreadsheets
from surveys.analytics import complementary_hidden, question_frame
from surveys.models import Audience
from workshops.exports import CONTENT_TYPES, LICENCE_URL
from workshops.querysets import effective_archetype
from workshops.vocabularies import Archetype

from .observatory import MIN_N

LICENCE_NOTE = (
    "Chiffres calculés à partir de l’annuaire des ateliers de fabrication numérique ; Licence Ouverte 2.0 "
    "(Etalab), " + LICENCE_URL + ". Aucune part, moyenne ou somme ne repose sur moins de {min_n} ateliers ou "
    "réponses ; les nombres d’ateliers publiés et de questionnaires reçus sont donnés tels quels."
)
RESPONSES_NOTE = (
    "Réponses anonymes : ni répondant, ni atelier, ni heure, ni texte libre ; l’atelier n’est décrit que par "
    "son département et son archétype. Usage réservé à l’agent qui les a exportées."
)
# The small-number rule in the files of responses (responses_file()), said in their `a_propos` sheet.
CELLS_NOTE = {
    Audience.USER: (
        "Département et archétype sont laissés vides dans les lignes d’un couple (département, archétype) de "
        "moins de {min_n} réponses, et s’il le faut dans celles des plus petits couples suivants, pour "
        "qu’aucun ne se déduise par différence. Pas de fichier sous {min_n} réponses dans le territoire."
    ),
    Audience.MANAGER: (
        "Toutes les années : une ligne par atelier et par année de réponse (annee : l’année du questionnaire). "
        "Département et archétype sont laissés vides dans les lignes d’un couple (département, archétype) de "
        "moins de {min_n} ateliers, et s’il le faut dans celles des plus petits couples suivants, pour "
        "qu’aucun ne se déduise par différence. Pas de fichier sous {min_n} ateliers dans le territoire."
    ),
}
# The figures' sheets, in French as the rest of the files' frame (Figure.key: sheet title).
SHEETS = {
    "archetypes": "archetypes",
    "revenue": "recettes",
    "funders": "financeurs",
    "staff": "salaries_benevoles",
    "users": "usagers",
    "audiences": "publics",
    "equipment": "equipements",
    "mediation": "mediation",
    "participation": "participation",
    "survey": "questionnaire",
}
# The files of responses, named in French; the URL keeps the audience's code.
RESPONSES_NAMES = {Audience.USER: "reponses-usagers", Audience.MANAGER: "reponses-gestionnaires"}
# Questions whose answer is its own label: no second column.
NUMERIC_TYPES = ("number", "scale")


def filename(kind: str, territory, fmt: str, today: date) -> str:
    """e.g. `observatoire-chiffres-pays-de-la-loire-2026-12-03.xlsx`."""
    return f"observatoire-{kind}-{slugify(territory.name) or 'france'}-{today.isoformat()}.{fmt}"


def _cell(value):
    return "" if value is None else value


def figure_blocks(figures, territory, today, min_n):
    """The figures as (sheet title, rows): one block per figure, then the notes. The notes about
    the page's bars are the page's."""
    blocks = []
    for figure in figures:
        rows = [[figure.title], [_("Based on"), figure.n, figure.n_unit], figure.columns]
        if figure.hidden:
            rows.append([figure.hidden_note])
        for row in figure.rows:
            # As on the page: a hidden row says why beside its label and leaves its other cells
            # empty (its n too, in the survey's figure).
            rows.append([f"{row.label} {row.why_hidden}" if row.hidden else row.label, *row.values])
        if figure.note:
            rows.append([figure.note])
        blocks.append((SHEETS.get(figure.key, figure.key), rows))
    about = [
        [_("Territory"), territory.name],
        [_("Date"), today.isoformat()],
        [_("Licence"), LICENCE_NOTE.format(min_n=min_n)],
    ]
    blocks.append(("a_propos", about))
    return blocks


def enough_responses(responses, audience) -> bool:
    """Whether a territory's responses may be given one by one: MIN_N users' responses, or MIN_N
    workshops whose managers answered (each answers once a year, and may do so every year)."""
    if audience == Audience.MANAGER:
        return responses.order_by().values("workshop").distinct().count() >= MIN_N
    return responses.count() >= MIN_N


def response_table(responses, frame, audience):
    """(codes header, labels header, rows): one row per response, anonymous, codes and labels side by side.

    The year is the questionnaire's for managers, the local year of the response for users, as
    the observatory's page counts them; the place is left out of the rows of small cells
    (_blanked_cells()).
    """
    managers = audience == Audience.MANAGER
    names = {number: str(label) for number, label in Archetype.choices}
    questions = [q for q in frame if q["type"] not in ("short_text", "long_text")]
    codes, labels = _headers(questions)
    data = responses.order_by("submitted_at", "pk").values_list(
        "submitted_at",
        "year",
        "questionnaire__version",
        "workshop_id",
        "workshop__department_id",
        "workshop__archetype",
        "workshop__archetype_override",
        "answers",
    )
    data = [(*row[:5], effective_archetype(row[6], row[5]), row[7]) for row in data]
    blanked = _blanked_cells(data, managers)
    rows = []
    for number, (submitted, year, version, _workshop, department, archetype, answers) in enumerate(data, start=1):
        if not (managers and year):
            year = timezone.localtime(submitted).year
        if (department, archetype) in blanked:
            department = archetype = None
        row = [number, year, version, department or "", archetype or "", names.get(archetype, "")]
        for question in questions:
            value = (answers or {}).get(question["code"])
            row.append(_codes(value))
            if question["type"] not in NUMERIC_TYPES:
                row.append(_labels(question, value))
        rows.append(row)
    return codes, labels, rows


def _headers(questions):
    """(codes, labels) of the responses' columns: a question's code, then its label's but for numbers."""
    codes = ["numero", "annee", "questionnaire_version", "departement", "archetype", "archetype_libelle"]
    labels = [
        pgettext("a response's rank in a file", "Number"),
        _("Year"),
        _("Questionnaire version"),
        _("Department"),
        _("Archetype"),
        _("Archetype name"),
    ]
    for question in questions:
        codes.append(question["code"])
        labels.append(question["text"])
        if question["type"] not in NUMERIC_TYPES:
            codes.append(f"{question['code']}_libelle")
            labels.append(_("%(question)s (label)") % {"question": question["text"]})
    return codes, labels


def _blanked_cells(data, managers):
    """The (department, archetype) pairs whose rows go without them: those of fewer than MIN_N
    responses (workshops, for the managers', who answer every year), and the next smallest while
    the rows left without a place are too few, else the territory's total less the pairs given
    would place them (surveys.analytics.complementary_hidden())."""
    members = defaultdict(list)
    for _submitted, _year, _version, workshop, department, archetype, _answers in data:
        members[department, archetype].append(workshop)
    return complementary_hidden({cell: len(set(ids)) if managers else len(ids) for cell, ids in members.items()})


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
    """The responses one by one, for a territory with enough of them (enough_responses())."""
    frame = question_frame(responses.values_list("questionnaire_id", flat=True).distinct())
    codes, labels, rows = response_table(responses, frame, audience)
    about = [
        [_("Territory"), territory.name],
        [_("Date"), today.isoformat()],
        [_("Note"), RESPONSES_NOTE],
        [_("Note"), CELLS_NOTE[audience].format(min_n=MIN_N)],
    ]
    if fmt == "xlsx":
        content = _xlsx(
            [("reponses", [labels, codes, *rows]), ("codes", responses_codebook(frame)), ("a_propos", about)]
        )
    else:
        content = _csv([("reponses", [codes, *rows])])
    return _response(content, fmt, filename(RESPONSES_NAMES[audience], territory, fmt, today))


def _response(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
