"""The public, anonymous user questionnaire of a workshop: /workshops/<slug>/survey/."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from afn_directory.limits import SURVEY_PER_IP, client_ip
from workshops.models import Workshop

from . import engine, tokens
from .forms import UserSurveyForm, layout, raw_answers, script_messages
from .models import TEXT_TYPES, Questionnaire, Response


def _survey_of(slug):
    workshop = get_object_or_404(Workshop.objects.published(), slug=slug)
    questionnaire = Questionnaire.objects.current("user")
    if questionnaire is None:
        raise Http404("No user questionnaire is published.")
    return workshop, questionnaire


def _render_form(request, workshop, questionnaire, schema, form, raw=None, errors=None, status=200):
    context = {
        "workshop": workshop,
        "questionnaire": questionnaire,
        "form": form,
        "sections": layout(schema, raw=raw, errors=errors),
        "errors": errors or {},
        "error_count": len(errors or {}) + len(form.errors),
        "i18n_survey": script_messages(),
        "retention_days": settings.SURVEY_TEXT_RETENTION_DAYS,
        "controller": settings.SURVEY_DATA_CONTROLLER
        or ", ".join(filter(None, [settings.PUBLISHER_NAME, settings.PUBLISHER_ADDRESS]))
        or gettext("the publisher of the AFN Directory"),
    }
    return render(request, "surveys/respond.html", context, status=status)


def _store(workshop, questionnaire, schema, answers, submission_key):
    has_text = any(q["type"] in TEXT_TYPES and q["code"] in answers for q in schema)
    token = tokens.new_token()
    try:
        with transaction.atomic():
            Response.objects.create(
                questionnaire=questionnaire,
                workshop=workshop,
                answers=answers,
                consent_at=timezone.now(),
                duplicate_token=tokens.hash_token(token, workshop),
                submission_key=submission_key,
                free_text_status=Response.Moderation.PENDING if has_text else Response.Moderation.NONE,
            )
    except IntegrityError:  # the same form, submitted twice at once: the first one counts
        return None
    return token


@require_http_methods(["GET", "HEAD", "POST"])
def respond(request, slug):
    workshop, questionnaire = _survey_of(slug)
    if request.method == "POST" and request.POST.get("website"):
        return redirect("surveys:thanks", slug=workshop.slug)  # a robot: pretend, store nothing
    if (
        request.method == "POST"
        and Response.objects.filter(submission_key=request.POST.get("submission_key") or None).exists()
    ):
        return redirect("surveys:thanks", slug=workshop.slug)
    if tokens.already_answered(request, workshop):
        return render(request, "surveys/already.html", {"workshop": workshop})
    schema = questionnaire.schema()
    if request.method == "GET":
        form = UserSurveyForm(initial={"submission_key": tokens.new_submission_key()})
        return _render_form(request, workshop, questionnaire, schema, form)

    if not SURVEY_PER_IP.hit(client_ip(request)):
        response = render(request, "surveys/limited.html", {"workshop": workshop}, status=429)
        response["Retry-After"] = str(SURVEY_PER_IP.retry_after())
        return response
    form = UserSurveyForm(request.POST)
    raw = raw_answers(schema, request.POST)
    answers, errors = engine.validate(schema, raw)
    if not form.is_valid() or errors:
        return _render_form(request, workshop, questionnaire, schema, form, raw=raw, errors=errors)
    submission_key = form.cleaned_data["submission_key"] or tokens.new_submission_key()
    token = _store(workshop, questionnaire, schema, answers, submission_key)
    response = redirect("surveys:thanks", slug=workshop.slug)
    if token:
        tokens.remember(response, workshop, token)
    return response


def thanks(request, slug):
    workshop = get_object_or_404(Workshop.objects.published(), slug=slug)
    return render(request, "surveys/thanks.html", {"workshop": workshop})
