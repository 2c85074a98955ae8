"""The code a site pastes to show /embed/'s map of a territory: on the officials' dashboard for
their territory, and on /open-data/ for anyone (a network of fablabs, a commune, a newspaper)."""

import html
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from afn_directory.links import absolute
from territories.models import Department, Region
from territories.places import normalise


def embed_url(query: dict) -> str:
    """The address of the map of `query`'s territory (`{"region": "53"}`), for another site."""
    return absolute(embed_path(query))


def embed_path(query: dict) -> str:
    return reverse("officials:embed") + "?" + urlencode(query)


def embed_snippet(query: dict, place: str, *, elsewhere=True) -> str:
    """The HTML that shows the map of `query`'s territory, named after `place`: the code another
    site pastes, or (`elsewhere=False`) its preview on this site, at this site's own address."""
    src = embed_url(query) if elsewhere else embed_path(query)
    title = gettext("Digital fabrication workshops: %(name)s") % {"name": place}
    return mark_safe(
        f'<iframe src="{_attribute(src)}" title="{_attribute(title)}" width="100%" height="600" loading="lazy"></iframe>'
    )


def _attribute(value: str) -> str:
    """`value` in a double-quoted attribute. Unlike `escape`, an apostrophe stays one: people read
    this code before they paste it (« Côtes-d'Armor », not « Côtes-d&#x27;Armor »)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


class EmbedForm(forms.Form):
    """/open-data/'s builder: which territory's map a site wants, as `region-53` or `department-35`."""

    territory = forms.ChoiceField(
        label=_("Region or department"),
        help_text=_("The map shows its published workshops and keeps up with the directory."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions, self.departments = Region.objects.names(), Department.objects.names()
        self.fields["territory"].choices = [
            ("", _("Choose a territory")),
            (
                _("Regions"),
                [
                    (f"region-{code}", name)
                    for code, name in sorted(self.regions.items(), key=lambda item: normalise(item[1]))
                ],
            ),
            (
                _("Departments"),
                [(f"department-{code}", f"{name} ({code})") for code, name in sorted(self.departments.items())],
            ),
        ]

    def query(self) -> dict:
        kind, code = self.cleaned_data["territory"].split("-", 1)
        return {kind: code}

    def place(self) -> str:
        [(kind, code)] = self.query().items()
        return (self.regions if kind == "region" else self.departments)[code]
