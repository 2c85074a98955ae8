"""Load the questionnaires declared in surveys/questionnaires/*.toml.

Idempotent: when a file matches the latest version of its questionnaire nothing happens; when it
differs, a new version is created and published, and the older ones stay for their responses.
Written against the model classes it is given, so that a data migration can use it too.
"""

import tomllib
from decimal import Decimal
from pathlib import Path

from django.utils import timezone, translation

from workshops import vocabularies

from . import engine

DIRECTORY = Path(__file__).resolve().parent / "questionnaires"
QUESTION_FIELDS = ("code", "type", "text_fr", "text_en", "help_fr", "help_en", "required", "profile_field")


class QuestionnaireFileError(ValueError):
    pass


def _vocabulary_choices(name: str) -> list[dict]:
    vocabulary = getattr(vocabularies, name, None)
    if vocabulary is None:
        raise QuestionnaireFileError(f"choices_from: unknown vocabulary “{name}”")
    choices = []
    for code, label in vocabulary.choices:
        with translation.override("fr"):
            french = str(label)
        with translation.override("en"):
            english = str(label)
        choices.append({"code": code, "fr": french, "en": english})
    return choices


def _decimal(value):
    return None if value is None else str(Decimal(str(value)).normalize())


def read(path: Path) -> dict:
    """A questionnaire file as canonical plain data; QuestionnaireFileError names what is wrong."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireFileError(f"{Path(path).name}: {exc}") from None
    sections = []
    for section in data.get("sections", []):
        questions = []
        for question in section.get("questions", []):
            choices = question.get("choices") or []
            if "choices_from" in question:
                choices = _vocabulary_choices(question["choices_from"])
            entry = {field: question.get(field, "") for field in QUESTION_FIELDS}
            entry["required"] = bool(question.get("required", False))
            entry["choices"] = [{"code": c["code"], "fr": c.get("fr", ""), "en": c.get("en", "")} for c in choices]
            entry["min"] = _decimal(question.get("min"))
            entry["max"] = _decimal(question.get("max"))
            entry["show_if"] = question.get("show_if") or None
            questions.append(entry)
        sections.append(
            {"title_fr": section["title_fr"], "title_en": section.get("title_en", ""), "questions": questions}
        )
    spec = {
        "slug": data["slug"],
        "audience": data["audience"],
        "title_fr": data["title_fr"],
        "title_en": data.get("title_en", ""),
        "intro_fr": data.get("intro_fr", ""),
        "intro_en": data.get("intro_en", ""),
        "sections": sections,
    }
    problems = engine.check_schema([q for s in sections for q in s["questions"]])
    if problems:
        raise QuestionnaireFileError(f"{Path(path).name}: " + "; ".join(problems))
    return spec


def _stored(questionnaire, Section, Question) -> dict:
    sections = []
    for section in Section.objects.filter(questionnaire=questionnaire).order_by("order", "pk"):
        questions = []
        for question in Question.objects.filter(section=section).order_by("order", "pk"):
            entry = {field: getattr(question, field) for field in QUESTION_FIELDS}
            entry["choices"] = question.choices
            entry["min"] = _decimal(question.min_value)
            entry["max"] = _decimal(question.max_value)
            entry["show_if"] = question.show_if or None
            questions.append(entry)
        sections.append({"title_fr": section.title_fr, "title_en": section.title_en, "questions": questions})
    return {
        "slug": questionnaire.slug,
        "audience": questionnaire.audience,
        "title_fr": questionnaire.title_fr,
        "title_en": questionnaire.title_en,
        "intro_fr": questionnaire.intro_fr,
        "intro_en": questionnaire.intro_en,
        "sections": sections,
    }


def load(spec: dict, Questionnaire, Section, Question) -> tuple[object, bool]:
    """Store `spec` as a new published version unless the latest version already matches it."""
    latest = Questionnaire.objects.filter(slug=spec["slug"]).order_by("-version").first()
    if latest is not None and _stored(latest, Section, Question) == spec:
        return latest, False
    Questionnaire.objects.filter(slug=spec["slug"], is_active=True).update(is_active=False)
    questionnaire = Questionnaire.objects.create(
        slug=spec["slug"],
        version=(latest.version + 1) if latest else 1,
        audience=spec["audience"],
        title_fr=spec["title_fr"],
        title_en=spec["title_en"],
        intro_fr=spec["intro_fr"],
        intro_en=spec["intro_en"],
        is_active=True,
        published_at=timezone.now(),
    )
    order = 0
    for section_order, section_spec in enumerate(spec["sections"]):
        section = Section.objects.create(
            questionnaire=questionnaire,
            order=section_order,
            title_fr=section_spec["title_fr"],
            title_en=section_spec["title_en"],
        )
        for entry in section_spec["questions"]:
            order += 1
            Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                order=order,
                choices=entry["choices"],
                min_value=entry["min"],
                max_value=entry["max"],
                show_if=entry["show_if"],
                **{field: entry[field] for field in QUESTION_FIELDS},
            )
    return questionnaire, True


def load_all(Questionnaire, Section, Question, directory: Path = DIRECTORY) -> list[tuple[object, bool]]:
    return [load(read(path), Questionnaire, Section, Question) for path in sorted(Path(directory).glob("*.toml"))]
