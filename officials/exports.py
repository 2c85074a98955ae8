"""A territory's workshops as a file, for officials and staff: one service for the pages and the API.

It speaks Django, not DRF: a territory outside the caller's scope is PermissionDenied, a bad
filter value a ValidationError naming the parameter; each caller turns them into its own answer.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from workshops import exports
from workshops.filters import described_filters
from workshops.models import Workshop

from .dashboard import OfficialWorkshopFilter
from .models import ExportLog
from .scopes import NO_SCOPE, OUTSIDE_SCOPE, scope_for, territory_from


def scoped_export(user, fmt, via, params, request=None, readable=False):
    """The Export of the workshops `params` select within `user`'s scope; the export is logged.

    `params` is a QueryDict (the officials' list filters, `territory`/`region`/`department`,
    `delimiter`). `readable`: French headers, labels and filters, codes on a second XLSX sheet (the
    pages' downloads, for people); the API keeps the codes. Raises PermissionDenied for a territory
    outside the scope or unknown, and ValidationError (a dict: parameter → messages) for an invalid
    filter value. The log records the territory the export resolved to (`region:53`, `all`).
    """
    scope = scope_for(user)
    if scope.is_empty:
        raise PermissionDenied(str(NO_SCOPE))
    territory = territory_from(params, scope)
    if territory is None:
        raise PermissionDenied(str(OUTSIDE_SCOPE))
    workshops = scope.workshops(Workshop.objects.filter(territory.workshop_condition()))
    filterset = OfficialWorkshopFilter(params, queryset=workshops, request=request)
    if not filterset.is_valid():
        raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
    if params.get("delimiter") not in (None, "", ";", ",", "semicolon", "comma"):  # not silently “;”
        raise ValidationError(
            {"delimiter": [_("“%(value)s” is not a CSV separator: give “;” or “,”.") % {"value": params["delimiter"]}]}
        )
    cleaned = {k: v for k, v in params.lists() if k in filterset.filters and any(v)}
    if readable:  # as the list says them: "Région : Bretagne ; Archétype : Fablabs génériques"
        with translation.override("fr"):
            description = " ; ".join(f"{label} : {value}" for _name, label, value in described_filters(filterset))
    else:
        description = "&".join(f"{k}={','.join(v)}" for k, v in sorted(cleaned.items()))
    delimiter = "," if params.get("delimiter") in (",", "comma") else ";"
    export = exports.build(
        fmt,
        filterset.qs,
        private=True,
        territory=territory.name,
        delimiter=delimiter,
        filters_description=description,
        readable=readable,
    )
    # The territory as resolved: the scope's first when the query names none.
    ExportLog.objects.create(user=user, format=fmt, via=via, filters={**cleaned, "territory": [territory.key]})
    return export
