"""The officials' list's filter form: the filters it shows, grouped, with their choices, and the
filters a link gave that it does not show (kept as they are).

Its choices (the territories of the official's scope, `Scope.territories()`, and the EPCIs of the
territory) come from copies each process keeps of the departments and of where each EPCI's
communes are (territories.process_copy): the form costs the list no query.
"""

from django.forms import ChoiceField, ModelChoiceField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from territories.models import NAMES_SECONDS, Commune
from territories.process_copy import ProcessCopy
from workshops.search import sort_key

from .scopes import departments_copy

# The filters the form shows, by group; the territory's selector opens the first.
GROUPS = (
    (gettext_lazy("Where"), ("epci",)),
    (gettext_lazy("The workshops"), ("archetype", "access", "public", "category", "hours", "mediation")),
    (gettext_lazy("Their profiles"), ("position", "freshness", "status", "questionnaire", "mednum_incomplete")),
)
# The territory's selector stands for these.
TERRITORY_PARAMETERS = ("territory", "region", "department")


def _read_epcis():
    """{EPCI code: (name, departments of its communes)}: an EPCI across a border is in both."""
    epcis = {}
    rows = Commune.objects.filter(epci__isnull=False).values_list("epci_id", "epci__name", "department_id")
    for code, name, department in rows.distinct():
        epcis.setdefault(code, (name, set()))[1].add(department)
    return epcis


_epcis = ProcessCopy(_read_epcis, NAMES_SECONDS)


def _epci_choices(territory) -> list[tuple[str, str]]:
    """The EPCIs with a commune in `territory`, in French alphabetical order."""
    if territory.kind == "department":
        inside = {territory.code}
    else:
        departments = departments_copy(regions=[territory.code])
        inside = {code for code, (_name, region) in departments.items() if region == territory.code}
    every = _epcis.whole()
    if not every:  # read before the territories were loaded
        _epcis.forget()
        every = _epcis.whole()
    epcis = [(code, name) for code, (name, where) in every.items() if where & inside]
    return sorted(epcis, key=lambda item: sort_key(item[1]))


def build(filterset, territory):
    """(groups of (legend, bound fields), (name, value) of the filters kept hidden).

    A choice's empty option says "any", not "---------". The EPCIs offered are the territory's,
    none for the whole country (1,255 of them): an EPCI a link gave is kept then."""
    form = filterset.form
    shown = {name for _legend, names in GROUPS for name in names}
    if territory.kind == "all":
        shown.discard("epci")
    for name in shown:
        field = form.fields[name]
        if name == "epci":  # the widget's choices: the field's would be a query over every EPCI
            field.widget.choices = [("", _("Any")), *_epci_choices(territory)]
        elif isinstance(field, ChoiceField) and not isinstance(field, ModelChoiceField):
            choices = [(value, label) for value, label in field.choices if value != ""]
            field.empty_label = None  # django-filter's own "---------", added when iterating
            field.choices = [("", _("Any")), *choices]
    groups = [(legend, [form[name] for name in names if name in shown]) for legend, names in GROUPS]
    kept = [
        (name, value)
        for name in filterset.filters
        if name not in shown and name not in TERRITORY_PARAMETERS and name not in form.errors
        for value in filterset.data.getlist(name)
        if value
    ]
    return groups, kept
