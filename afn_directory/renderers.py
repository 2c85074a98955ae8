"""The API's JSON, written by orjson.

DRF's JSONRenderer encodes with the standard library: ~0.8 ms for a page of twenty workshops
and their machines, against ~0.1 ms with orjson. This renderer writes the same bytes: compact,
UTF-8, U+2028 and U+2029 escaped as DRF escapes them, and every type that orjson would write
otherwise — dates and times (DRF writes UTC as Z), decimals, lazy translations — handed to
DRF's own encoder (tests/api/test_renderers.py compares the bytes). Indented JSON
(`Accept: application/json; indent=4`), or settings that ask for ASCII or spaced JSON, go to
DRF's renderer.
"""

import orjson
from django.utils.html import escape
from django.utils.translation import get_language, gettext
from rest_framework import renderers

OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if indent is not None or self.ensure_ascii or not self.compact:
            return super().render(data, accepted_media_type, renderer_context)
        content = orjson.dumps(data, default=self.encoder_class().default, option=OPTIONS)
        for character, escaped in LINE_SEPARATORS:
            content = content.replace(character, escaped)
        return content


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable API, accessible (axe-core, WCAG 2.1 AA): its page says its language and its
    format menu's button has a name (Bootstrap's tooltip takes its title away). The pagination
    (templates/rest_framework/pagination/numbers.html) and the breadcrumb's contrast
    (static/css/browsable-api.css) are mended by templates of the project's own."""

    FORMAT_BUTTON = '<button class="btn btn-primary dropdown-toggle js-tooltip" data-toggle="dropdown"'

    def render(self, data, accepted_media_type=None, renderer_context=None):
        page = super().render(data, accepted_media_type, renderer_context)
        label = escape(gettext("Choose the format of the answer"))
        named = f'{self.FORMAT_BUTTON} aria-label="{label}"'
        return page.replace("<html>", f'<html lang="{get_language()}">', 1).replace(self.FORMAT_BUTTON, named)
