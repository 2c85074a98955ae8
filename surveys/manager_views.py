"""A workshop's managers: the yearly questionnaire, the profile confirmation, the users' results.

/manage/<slug>/questionnaire/           answer (or revise) this year's questionnaire
/manage/<slug>/questionnaire/confirm/   see what it would change on the profile, and confirm
/manage/<slug>/results/                 what the workshop's users answered (+ CSV / XLSX)
/manage/<slug>/results/poster/          a poster with the questionnaire's QR code, to print

Access goes through workshops.manage.access.managed_workshop: managers and staff, a 404 for others.
"""

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from afn_directory.links import absolute
from workshops.editing import StaleVersion, save_profile
from workshops.manage.access import managed_workshop
from workshops.models import Workshop

from . import analytics, engine, exports
from .forms import ConfirmProfileForm, layout, raw_answers, script_messages
from .models import Questionnaire, Response
from .profile import cross_check, differences, initial_answers, profile_changes


def _field_name(field):
    if field == NON_FIELD_ERRORS:
        return gettext("Profile")
    return capfirst(Workshop._meta.get_field(field).verbose_name)


def _this_year_response(workshop):
    return Response.objects.managers_answers().filter(workshop=workshop).first()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire(request, slug):
    workshop = managed_workshop(request, slug)[0]
    current = Questionnaire.objects.current("manager")
    if current is None:  # the tab is on every page of the workshop: say so rather than "not found"
        return render(request, "surveys/manager_none.html", {"workshop": workshop})
    schema = current.schema()
    existing = _this_year_response(workshop)
    raw, errors = None, {}
    if request.method == "POST":
        raw = raw_answers(schema, request.POST)
        answers, errors = engine.validate(schema, raw)
        errors = {**cross_check(answers), **errors}
        if not errors:
            Response.objects.update_or_create(
                workshop=workshop,
                year=timezone.localdate().year,
                defaults={
                    "questionnaire": current,
                    "answers": answers,
                    "respondent": request.user,
                    "submitted_at": timezone.now(),
                    "profile_applied_at": None,
                },
            )
            return redirect("surveys:manager_confirm", slug=workshop.slug)
    values = existing.answers if existing else initial_answers(schema, workshop)
    context = {
        "workshop": workshop,
        "questionnaire": current,
        "sections": layout(schema, values=values, raw=raw, errors=errors),
        "errors": errors,
        "existing": existing,
        "year": timezone.localdate().year,
        "i18n_survey": script_messages(),
    }
    return render(request, "surveys/manager_form.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, slug):
    workshop = managed_workshop(request, slug)[0]
    response = _this_year_response(workshop)
    if response is None:
        return redirect("surveys:manager_questionnaire", slug=workshop.slug)
    changes = profile_changes(response.questionnaire.schema(), response.answers)
    form = ConfirmProfileForm(request.POST or None, initial={"version": workshop.version})
    problem = ""
    if request.method == "POST" and "skip" in request.POST:
        messages.info(request, gettext("Your answers are saved; the workshop's profile is unchanged."))
        return redirect("surveys:manager_results", slug=workshop.slug)
    if request.method == "POST" and form.is_valid():
        try:
            save_profile(
                workshop,
                changes,
                expected_version=form.cleaned_data["version"],
                user=request.user,
                reason=gettext("Manager questionnaire %(year)s") % {"year": response.year},
            )
        except StaleVersion:
            problem = gettext("Someone changed the profile in the meantime: check the differences again.")
            workshop.refresh_from_db()
            form = ConfirmProfileForm(initial={"version": workshop.version})
        except ValidationError as exc:
            problem = " ".join(
                f"{_field_name(field)}: {' '.join(errors)}" for field, errors in exc.message_dict.items()
            )
        else:
            response.profile_applied_at = timezone.now()
            response.save(update_fields=["profile_applied_at"])
            messages.success(request, gettext("Thank you: the workshop's profile is up to date."))
            return redirect("surveys:manager_results", slug=workshop.slug)
    context = {
        "workshop": workshop,
        "response": response,
        "differences": differences(workshop, changes),
        "form": form,
        "problem": problem,
    }
    return render(request, "surveys/manager_confirm.html", context)


@login_required
def results(request, slug):
    workshop = managed_workshop(request, slug)[0]
    context = {
        "workshop": workshop,
        "results": analytics.workshop_results(workshop),
        "this_year": _this_year_response(workshop),
    }
    return render(request, "surveys/results.html", context)


@login_required
def poster(request, slug):
    """A page to print and pin up in the workshop: its users scan the code to answer."""
    workshop = managed_workshop(request, slug)[0]
    survey_url = absolute(reverse("surveys:respond", args=[workshop.slug])) if workshop.is_published else ""
    return render(request, "surveys/poster.html", {"workshop": workshop, "survey_url": survey_url})


@login_required
def poster_code(request, slug):
    """The QR code of the workshop's questionnaire link, as SVG (scales to any print size)."""
    workshop = managed_workshop(request, slug)[0]
    if not workshop.is_published:
        raise Http404("The questionnaire opens once the workshop is published.")
    image = qrcode.make(
        absolute(reverse("surveys:respond", args=[workshop.slug])),
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,  # a poster gets creased and marked
    )
    return HttpResponse(image.to_string(), content_type="image/svg+xml")


@login_required
def export(request, slug, fmt):
    workshop = managed_workshop(request, slug)[0]
    responses = Response.objects.of_users().filter(workshop=workshop)
    if responses.count() < analytics.MIN_RESPONSES:
        raise Http404("Too few responses to export.")
    header, rows = exports.table(
        responses,
        labels=request.GET.get("values") != "codes",
        multiple=exports.MULTIPLE_COLUMNS if request.GET.get("multiple") == "columns" else exports.MULTIPLE_JOINED,
    )
    filename = f"{workshop.slug}-responses-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        http = HttpResponse(exports.to_xlsx(header, rows), content_type=content_type)
    else:
        delimiter = "," if request.GET.get("separator") == "comma" else ";"
        http = HttpResponse(exports.to_csv(header, rows, delimiter), content_type="text/csv; charset=utf-8")
    http["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return http
