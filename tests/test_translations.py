"""French is the default language and English is complete: every string has its French."""

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
        expected = set(placeholder.findall(entry.msgid))
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
