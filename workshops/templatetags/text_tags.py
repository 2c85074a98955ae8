from django import template

register = template.Library()


@register.filter
def lowerfirst(text) -> str:
    """A label within a sentence: its first letter in lower case, the rest as written ("Power (W)" →
    "power (W)", where `lower` would write "power (w)")."""
    text = str(text)
    return text[:1].lower() + text[1:]
