"""Junk input gets a 400 naming what is wrong, never a 500.

- A NUL character cannot be stored by PostgreSQL ("text fields cannot contain NUL bytes"): a query
  string or form parameter holding one is refused by the middleware before any view runs, whatever
  the view does with it (filters, place look-ups, territory codes, export parameters); so is an
  address holding one (the API's workshop, machine and territory URLs look their segment up).
- JSON bodies of the API go through `JSONParser`: a NUL in any key or value, or nesting deeper than
  MAX_JSON_DEPTH (Python's decoder overflows its stack near 1,000), is a 400.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

NUL = "\x00"
MAX_JSON_DEPTH = 32
API_PREFIX = "/api/"


def _first_nul_parameter(params) -> str | None:
    for key, values in params.lists():
        if NUL in key or any(NUL in value for value in values):
            return key.replace(NUL, "\\0")
    return None


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Before LocaleMiddleware (nothing may read the junk first): the language is the request's own.
        with translation.override(translation.get_language_from_request(request)):
            return self._check(request)

    def _check(self, request):
        if NUL in request.path_info:
            message = _("The address holds a NUL character, which no address may contain.")
            return _refused(request, {"detail": message}, message)
        name = _first_nul_parameter(request.GET)
        if name is None and request.content_type == "application/x-www-form-urlencoded":
            name = _first_nul_parameter(request.POST)
        if name is None:
            return self.get_response(request)
        message = _("The parameter “%(name)s” holds a NUL character, which no value may contain.") % {"name": name}
        return _refused(request, {name: [message]}, message)  # the API's shape for a field: {"field": ["…"]}


def _refused(request, api_body: dict, message: str):
    """400: `api_body` as JSON for the API, the message as plain text for a page."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(api_body, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def check_json(data, max_depth: int = MAX_JSON_DEPTH) -> tuple[str, str] | None:
    """(the top-level field at fault or "", why) when a decoded JSON document is refused, else None.

    Iterative: no recursion to overflow."""
    stack = [(data, 1, "")]
    while stack:
        value, depth, field = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                return field, _("The JSON is nested more than %(depth)d levels deep.") % {"depth": max_depth}
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and NUL in key:
                    return field, _("A JSON key holds a NUL character (\\u0000).")
                stack.append((item, depth + 1, field or (key if depth == 1 and isinstance(key, str) else "")))
        elif isinstance(value, str) and NUL in value:
            return field, _("A JSON value holds a NUL character (\\u0000).")
    return None


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with the checks above."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None
        problem = check_json(data)
        if problem:
            field, message = problem
            # Named after the field at fault, as the API's other 400s: {"name": ["…"]}.
            raise ValidationError({field: [message]}) if field else ParseError(message)
        return data


# Bidirectional embedding, override and isolate controls: "Fablab\u202egnp.exe" shows as
# "Fablabexe.png". Names never need them (right-to-left scripts show right without them).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def validate_no_bidi_controls(value):
    from django.core.exceptions import ValidationError

    if isinstance(value, str) and any(character in BIDI_CONTROLS for character in value):
        raise ValidationError(
            _("Remove the invisible text-direction characters (U+202A–U+202E, U+2066–U+2069)."),
            code="bidi_control",
        )
