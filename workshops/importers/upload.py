"""The staff-only upload page of the admin: the same importers as `manage.py import_workshops`."""

import logging

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import FILTERED_FORMATS, FORMATS, REPORT_SECTIONS, ImportFileError, import_file
from .reading import MAX_FILE_BYTES

logger = logging.getLogger(__name__)
SESSION_KEY = "workshops_import_report"
FORMAT_LABELS = {
    "cget-csv": gettext_lazy("CGET 2019 census of tiers-lieux (CSV)"),
    "fablabs-json": gettext_lazy("fablabs.io list of labs (JSON)"),
    "mednum-csv": gettext_lazy("National data of digital mediation places (CSV, schema v1.0.2)"),
    "data-inclusion-json": gettext_lazy("data·inclusion structures (JSON, schema v1.0.8)"),
    "osm-json": gettext_lazy("OpenStreetMap makerspaces (Overpass API JSON)"),
}


class ImportForm(forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[(f, FORMAT_LABELS[f]) for f in FORMATS])
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("UTF-8 or Windows-1252 text, at most %(size)d MB.")
        % {"size": MAX_FILE_BYTES // (1024 * 1024)},
    )
    include_all = forms.BooleanField(
        label=gettext_lazy(
            "More places: the CGET census's tiers-lieux whose type or name says workshop; every place of the "
            "national mediation data and data·inclusion"
        ),
        required=False,
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: show the report, save nothing"), required=False, initial=True
    )

    def clean(self):
        data = super().clean()
        if data.get("include_all") and data.get("format") not in FILTERED_FORMATS:
            self.add_error(
                "include_all",
                _("This option applies to the CGET census, the national mediation data and data·inclusion."),
            )
        return data


def _check_permission(model_admin, request):
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied


def import_view(model_admin, request):
    _check_permission(model_admin, request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = import_file(data["format"], data["file"], dry_run=data["dry_run"], include_all=data["include_all"])
        except ImportFileError as exc:
            nothing = _("Nothing was imported.")
            form.add_error("file", f"{exc} {nothing}")
        except Exception:
            # Bug or database failure: the transaction rolled back; say so rather than fail.
            logger.exception("Import of %s failed", data["file"].name)
            form.add_error(None, _("The import failed unexpectedly; nothing was imported. The error was logged."))
        else:
            request.session[SESSION_KEY] = {"name": data["file"].name, "csv": report.as_csv()}
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import workshops from open data"),
        "form": form,
        "report": report,
        "sections": [(title, report.of(outcome)) for outcome, title in REPORT_SECTIONS] if report else [],
    }
    return TemplateResponse(request, "admin/workshops/import.html", context)


def report_csv_view(model_admin, request):
    """The last report shown to this staff member, as CSV (one line per skipped or noted row)."""
    _check_permission(model_admin, request)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        raise Http404(_("No import report in this session."))
    response = HttpResponse(stored["csv"], content_type="text/csv; charset=utf-8")
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in stored["name"])
    response["Content-Disposition"] = f'attachment; filename="import-report-{name}.csv"'
    return response
