"""The equipment types' Wikidata items, asked of Wikipedia: what `manage.py resolve_wikidata` runs.

Each type names its kind by a Wikipedia article (taxonomy.REFERENCES, editable in the admin), and
every article is linked to its Wikidata item: the page property `wikibase_item`. That link is the
authority for the items nobody could check by hand, so they are read from it rather than guessed.
Articles are asked of the MediaWiki API of their own Wikipedia, `BATCH_SIZE` titles at a time,
following the title normalisations and redirects the API reports back to each type. Requests go
through `sources.fetch` (the sync's timeout, User-Agent and size limit), which tests replace.
"""

import json
import urllib.parse
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.utils.translation import gettext as _

from . import sources
from .models import EquipmentType
from .taxonomy import MACHINE_ITEMS
from .validators import WIKIDATA_RE

BATCH_SIZE = 50  # the most titles the MediaWiki API takes in one request from an anonymous client


class WikipediaUnavailable(Exception):
    """Wikipedia could not be asked, or answered something else than the API's JSON."""


class Outcome(StrEnum):
    FILLED = "filled"
    SAME = "same"
    DIFFERS = "differs"
    OVERWRITTEN = "overwritten"
    KEPT = "kept"  # differs on purpose: taxonomy.MACHINE_ITEMS
    ARTICLE_MISSING = "article-missing"
    NO_ITEM = "no-item"
    NOT_AN_ARTICLE = "not-an-article"


# What `--check` fails on: a stored item Wikipedia disagrees with, or a type it cannot give one for.
PROBLEMS = frozenset({Outcome.DIFFERS, Outcome.ARTICLE_MISSING, Outcome.NO_ITEM, Outcome.NOT_AN_ARTICLE})
WRITES = frozenset({Outcome.FILLED, Outcome.OVERWRITTEN})


@dataclass(frozen=True)
class Article:
    api: str  # https://en.wikipedia.org/w/api.php
    title: str  # as in the address: Milling_(machining)


@dataclass(frozen=True)
class Resolution:
    slug: str
    url: str
    stored: str
    found: str | None  # the article's item, "" when it has none, None when there is no such article
    outcome: Outcome


def article(url: str) -> Article | None:
    """The Wikipedia and title of an article's address; None when it is not one."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host.endswith(".wikipedia.org"):
        return None
    if not parts.path.startswith("/wiki/") or parts.query:
        return None
    title = urllib.parse.unquote(parts.path.removeprefix("/wiki/"))
    return Article(f"https://{host}/w/api.php", title) if title else None


def query_url(api: str, titles: list[str]) -> str:
    params = {
        "action": "query",
        "prop": "pageprops",
        "ppprop": "wikibase_item",
        "redirects": "1",
        "format": "json",
        "titles": "|".join(titles),
    }
    return f"{api}?{urllib.parse.urlencode(params)}"


def _unexpected(api: str, detail: str) -> WikipediaUnavailable:
    return WikipediaUnavailable(
        _("Unexpected answer from %(api)s: %(detail)s. Nothing was saved.") % {"api": api, "detail": detail}
    )


def items_in_answer(api: str, payload, titles: list[str]) -> dict[str, str | None]:
    """{title asked: its article's item, "" without one, None without an article} from one answer.

    A title may come back normalised (underscores to spaces, first letter capitalised), then
    redirected; each step is followed back to the title asked.
    """
    if not isinstance(payload, dict):
        raise _unexpected(api, _("not a JSON object"))
    if "error" in payload:
        error = payload["error"] if isinstance(payload["error"], dict) else {}
        raise _unexpected(api, f"{error.get('code', '?')}: {error.get('info', '')}")
    query = payload.get("query")
    if not isinstance(query, dict):
        raise _unexpected(api, _("no “query” in it"))
    try:
        normalized = {entry["from"]: entry["to"] for entry in query.get("normalized", [])}
        redirects = {entry["from"]: entry["to"] for entry in query.get("redirects", [])}
        pages = query.get("pages", {})
        pages = list(pages.values()) if isinstance(pages, dict) else pages
        items = {page["title"]: _item_of(api, page) for page in pages}
    except (KeyError, TypeError, AttributeError) as exc:
        raise _unexpected(api, _("malformed “query” (%(error)s)") % {"error": exc}) from exc
    answers = {}
    for title in titles:
        name = normalized.get(title, title)
        name = redirects.get(name, name)
        if name not in items:
            raise _unexpected(api, _("no page for “%(title)s”") % {"title": title})
        answers[title] = items[name]
    return answers


def _item_of(api: str, page: dict) -> str | None:
    if "missing" in page or "invalid" in page:
        return None
    item = (page.get("pageprops") or {}).get("wikibase_item", "")
    if item and not WIKIDATA_RE.match(item):
        raise _unexpected(api, _("“%(item)s” is not a Wikidata item") % {"item": item})
    return item


def ask_wikipedia(urls) -> dict[str, str | None]:
    """{article address: its item, "" without one, None without an article}; addresses that are
    not Wikipedia articles are left out. Raises WikipediaUnavailable."""
    by_api: dict[str, dict[str, list[str]]] = {}
    for url in urls:
        found = article(url)
        if found:
            by_api.setdefault(found.api, {}).setdefault(found.title, []).append(url)
    answers = {}
    for api, urls_by_title in by_api.items():
        titles = list(urls_by_title)
        for start in range(0, len(titles), BATCH_SIZE):
            for title, item in _ask(api, titles[start : start + BATCH_SIZE]).items():
                for url in urls_by_title[title]:
                    answers[url] = item
    return answers


def _ask(api: str, titles: list[str]) -> dict[str, str | None]:
    """One batch of titles; an answer cut short (`continue`) is asked again from where it stopped."""
    url, answers = query_url(api, titles), {}
    for _round in range(len(titles) + 1):
        payload = _fetch_json(api, url)
        for title, item in items_in_answer(api, payload, titles).items():
            answers[title] = answers.get(title) or item
        if "continue" not in payload:
            return answers
        if not isinstance(payload["continue"], dict):
            raise _unexpected(api, _("malformed “continue”"))
        url = query_url(api, titles) + "&" + urllib.parse.urlencode(payload["continue"])
    raise _unexpected(api, _("it never finished (“continue” after every page)"))


def _fetch_json(api: str, url: str):
    try:
        return json.loads(sources.fetch(url))
    except sources.SourceUnavailable as exc:
        raise WikipediaUnavailable(_("%(error)s Nothing was saved.") % {"error": exc}) from exc
    except ValueError as exc:
        raise _unexpected(api, _("not valid JSON")) from exc


def compare(slug: str, url: str, stored: str, found: str | None, *, overwrite: bool = False) -> Resolution:
    """What to do with a type's stored item given the article's (see Outcome)."""
    if article(url) is None:
        outcome = Outcome.NOT_AN_ARTICLE
    elif found is None:
        outcome = Outcome.ARTICLE_MISSING
    elif not found:
        outcome = Outcome.NO_ITEM
    elif not stored:
        outcome = Outcome.FILLED
    elif stored == found:
        outcome = Outcome.SAME
    elif slug in MACHINE_ITEMS:
        outcome = Outcome.KEPT
    elif overwrite:
        outcome = Outcome.OVERWRITTEN
    else:
        outcome = Outcome.DIFFERS
    return Resolution(slug, url, stored, found, outcome)


def resolve_equipment_types(*, overwrite: bool = False, dry_run: bool = False) -> list[Resolution]:
    """Every type with an article, compared with Wikipedia's item; filled (and replaced with
    `overwrite`) in one transaction unless `dry_run`. Wikipedia is asked before anything is
    written: when it cannot answer, WikipediaUnavailable is raised and nothing changes."""
    types = list(EquipmentType.objects.exclude(wikipedia_url="").order_by("slug"))
    answers = ask_wikipedia(t.wikipedia_url for t in types)
    resolutions = [
        compare(t.slug, t.wikipedia_url, t.wikidata_id, answers.get(t.wikipedia_url), overwrite=overwrite)
        for t in types
    ]
    if not dry_run:
        with transaction.atomic():
            by_slug = {kind.slug: kind for kind in types}
            for resolution in resolutions:
                if resolution.outcome in WRITES:
                    # Saved, not updated: the processes' copies of the types and the public answers
                    # (the machines' Wikidata items in the API and Open Know-Where) follow.
                    by_slug[resolution.slug].wikidata_id = resolution.found
                    by_slug[resolution.slug].save(update_fields=["wikidata_id"])
    return resolutions


def problems(resolutions: list[Resolution]) -> list[Resolution]:
    return [resolution for resolution in resolutions if resolution.outcome in PROBLEMS]


def _line(resolution: Resolution) -> str:
    values = {"stored": resolution.stored, "found": resolution.found, "url": resolution.url}
    text = {
        Outcome.FILLED: _("filled: %(found)s"),
        Outcome.SAME: _("same: %(stored)s"),
        Outcome.DIFFERS: _("differs: stored %(stored)s, Wikipedia %(found)s (kept; --overwrite replaces it)"),
        Outcome.OVERWRITTEN: _("differs: stored %(stored)s, Wikipedia %(found)s (replaced)"),
        Outcome.KEPT: _(
            "differs on purpose: stored %(stored)s names the machine, Wikipedia %(found)s its article's subject (kept)"
        ),
        Outcome.ARTICLE_MISSING: _("article missing: %(url)s does not exist"),
        Outcome.NO_ITEM: _("no Wikidata item: %(url)s is linked to none"),
        Outcome.NOT_AN_ARTICLE: _("not a Wikipedia article: %(url)s"),
    }[resolution.outcome]
    return f"{resolution.slug} — " + text % values


def report_text(resolutions: list[Resolution], *, dry_run: bool = False) -> str:
    counts = {outcome.name.lower(): 0 for outcome in Outcome}
    for resolution in resolutions:
        counts[resolution.outcome.name.lower()] += 1
    lines = [_line(resolution) for resolution in resolutions]
    lines.append(
        _(
            "filled: %(filled)d, same: %(same)d, differs: %(differs)d, replaced: %(overwritten)d, "
            "kept on purpose: %(kept)d, article missing: %(article_missing)d, "
            "no Wikidata item: %(no_item)d, not a Wikipedia article: %(not_an_article)d"
        )
        % counts
    )
    if dry_run:
        lines.append(_("Dry run: nothing was saved."))
    return "\n".join(lines)
