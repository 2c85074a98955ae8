from django import template

register = template.Library()


@register.filter
def has_required_field(form) -> bool:
    """Whether a field the person sees must be filled in: the note explaining the asterisk is
    shown only then (the hidden version field does not count)."""
    return any(field.field.required for field in form.visible_fields())
