"""The site's form renderer: every `{{ field.as_field_group }}` uses templates/forms/field.html."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
