"""French is the default language and English is complete: every string has its French."""

import ast
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def test_every_string_has_a_french_translation():
    missing = [
        entry.msgid
        for entry in catalogue("fr")
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]
    assert missing == []


def test_the_compiled_french_catalogue_matches_its_source():
    source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in catalogue("fr") if e.translated()}
    compiled_file = polib.mofile(str(LOCALE / "fr" / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in compiled_file if e.msgid}
    stale = [key[1] for key, value in source.items() if compiled.get(key) != value]
    assert stale == [], "run `make messages` (or compilemessages) and commit the .mo"


def test_translations_keep_their_placeholders():
    import re

    placeholder = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")
    broken = []
    for entry in catalogue("fr"):
        if not entry.translated():
            continue
        # A plural's forms may name what either English form names ("a problem" / "%(count)s problems").
        expected = set(placeholder.findall(entry.msgid)) | set(placeholder.findall(entry.msgid_plural))
        translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for text in translations:
            if set(placeholder.findall(text)) - expected or (
                not entry.msgid_plural and set(placeholder.findall(text)) != expected
            ):
                broken.append(entry.msgid)
    assert broken == []


@pytest.mark.django_db
def test_pages_are_french_by_default_and_english_on_request():
    client = Client()
    assert 'lang="fr"' in client.get("/", secure=True).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/", secure=True).content.decode()
    assert 'lang="en"' in body
    with translation.override("en"):
        assert "Skip to content" in body


def test_no_string_is_translated_once_for_all_when_a_module_is_imported():
    """`gettext` at a module's or a class's top level runs once, in the language of the process's
    start: the text then stays French on English pages. Those strings take `gettext_lazy`."""
    eager_names = {"gettext", "ngettext", "pgettext", "npgettext"}
    found = []
    for app in ("afn_directory", "workshops", "surveys", "territories", "accounts", "officials", "moderation", "pages"):
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            eager = {
                alias.asname or alias.name
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
                for alias in node.names
                if alias.name in eager_names
            }
            found += [f"{path.relative_to(settings.BASE_DIR)}:{line}" for line in _top_level_calls(tree, eager)]
    assert found == []


def _top_level_calls(node, names, in_function=False):
    """Lines of the calls to `names` outside any function (module and class bodies)."""
    for child in ast.iter_child_nodes(node):
        inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        if not inside and isinstance(child, ast.Call) and getattr(child.func, "id", None) in names:
            yield child.lineno
        yield from _top_level_calls(child, names, inside)


@pytest.mark.django_db
def test_french_labels_use_the_typographic_apostrophe():
    # “Centre d'usinage CNC” stood out on the officials' dashboard among “Ateliers d’innovation”:
    # the site's own French (its catalogue, its machine types) writes ’, in every database.
    from workshops.models import EquipmentType
    from workshops.taxonomy import EQUIPMENT_TYPES

    entries = [e for e in catalogue("fr") if not e.obsolete]
    written = [e.msgstr for e in entries] + [text for e in entries for text in e.msgstr_plural.values()]
    assert [text for text in written if "'" in text] == []
    assert [name for _, name, *_ in EQUIPMENT_TYPES if "'" in name] == []
    assert not EquipmentType.objects.filter(name__contains="'").exists()  # migrated databases too
    assert EquipmentType.objects.get(slug="centre-usinage-cnc").name == "Centre d’usinage CNC"
