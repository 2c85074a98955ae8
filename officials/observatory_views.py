"""/officials/observatory/: the study's figures for an official's territory, their files, and the
territory's survey responses (anonymous). Officials and staff only, within their scope."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from surveys.models import Audience, Questionnaire, Response

from . import files, observatory
from .models import ExportLog
from .scopes import OUTSIDE_SCOPE, scope_for, territory_from

FILE_FORMATS = ("csv", "xlsx")
CHOICE_TYPES = ("single", "multiple")
DEFAULT_QUESTION = f"{Audience.USER}:situation"


def _scoped(request):
    """(scope, territory) for an official or staff member, or PermissionDenied."""
    scope = scope_for(request.user)
    if scope.is_empty:
        raise PermissionDenied
    territory = territory_from(request.GET, scope)
    if territory is None:
        raise PermissionDenied(str(OUTSIDE_SCOPE))
    return scope, territory


def _questions():
    """Every single or multiple choice question of the current questionnaires, keyed "audience:code"."""
    questions = {}
    for audience in (Audience.USER, Audience.MANAGER):
        current = Questionnaire.objects.active().filter(audience=audience).order_by("-version").first()
        for spec in current.schema() if current else ():
            if spec["type"] in CHOICE_TYPES:
                questions[f"{audience.value}:{spec['code']}"] = {**spec, "audience": audience.value}
    return questions


def _responses(workshops, audience):
    return Response.objects.for_workshops(workshops).filter(questionnaire__audience=audience)


def _figures(territory, workshops, question):
    figures = observatory.workshop_figures(workshops)
    figures.append(observatory.mediation_spaces_over_time(territory))
    figures.append(observatory.questionnaire_participation(workshops))
    if question:
        responses = _responses(workshops, question["audience"])
        if question["audience"] == Audience.MANAGER:
            responses = observatory.latest_per_workshop(responses)
        responses = responses.filter(answers__has_key=question["code"])
        figures.append(observatory.survey_question_by_archetype(workshops, question, responses))
    return figures


def _logged(request, fmt, territory, **more):
    """The download, in the export log: its query, the territory it resolved to (the scope's
    first when the query names none) and what else chose its content."""
    filters = {**dict(request.GET.lists()), "territory": [territory.key]}
    filters.update({key: [value] for key, value in more.items()})
    ExportLog.objects.create(user=request.user, format=fmt, via=ExportLog.Via.PAGE, filters=filters)


@require_safe
def observatory_page(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scope, territory = _scoped(request)
    questions = _questions()
    chosen = request.GET.get("question") or DEFAULT_QUESTION
    question = questions.get(chosen)
    workshops = observatory.published_in(territory)
    context = {
        "territory": territory,
        "territories": scope.territories(),
        "figures": _figures(territory, workshops, question),
        "questions": questions,
        "chosen": chosen if question else "",
        "min_n": observatory.MIN_N,
        "query": territory.query,
        "responses_available": {
            audience: files.enough_responses(_responses(workshops, audience), audience) for audience in Audience.values
        },
    }
    return render(request, "officials/observatory.html", context)


@require_safe
def observatory_file(request, fmt):
    if fmt not in FILE_FORMATS:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _scope, territory = _scoped(request)
    question = _questions().get(request.GET.get("question") or DEFAULT_QUESTION)
    figures = _figures(territory, observatory.published_in(territory), question)
    _logged(request, f"figures-{fmt}", territory)
    return files.figures_file(figures, territory, fmt, timezone.localdate(), observatory.MIN_N)


@require_safe
def responses_file(request, audience, fmt):
    if fmt not in FILE_FORMATS or audience not in Audience.values:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _scope, territory = _scoped(request)
    responses = _responses(observatory.published_in(territory), audience)
    if not files.enough_responses(responses, audience):
        # The observatory's page offers no link then and says why; this tells one who typed it.
        context = {"territory": territory, "audience": audience, "min_n": observatory.MIN_N}
        return render(request, "officials/responses_unavailable.html", context, status=403)
    _logged(request, f"responses-{fmt}", territory, audience=audience)
    return files.responses_file(responses, audience, territory, fmt, timezone.localdate())
