"""`{{ workshop.opening_hours|hours_in_words }}`: opening hours as a person reads them, never the OSM syntax."""

from django import template

from .. import public

register = template.Library()


@register.filter
def hours_in_words(expression: str) -> str:
    return public.hours_in_words(expression or "")
