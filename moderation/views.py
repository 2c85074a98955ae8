"""The staff's moderation queue and decisions; the public's "report a problem" form."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.views import too_many_attempts
from afn_directory import limits
from workshops.editing import StaleVersion
from workshops.manage.duplicates import likely_duplicates
from workshops.models import ClaimRequest, PossibleDuplicate, Workshop
from workshops.vocabularies import Status

from . import decisions, merging
from .forms import DecisionForm, DuplicateDecisionForm, ProblemReportForm, ReportDecisionForm
from .models import ModerationDecision, ProblemReport


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied("Moderation is for staff.")
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def queue(request):
    context = {
        "workshops": Workshop.objects.filter(status=Status.PENDING).select_related("commune").order_by("updated_at"),
        "claims": ClaimRequest.objects.filter(
            decision__in=[ClaimRequest.Decision.PENDING, ClaimRequest.Decision.MORE_INFO]
        ).select_related("workshop", "user"),
        "reports": ProblemReport.objects.filter(state=ProblemReport.State.OPEN).select_related("workshop"),
        "claim_form": DecisionForm(),
        "report_form": ReportDecisionForm(),
        "duplicates": PossibleDuplicate.objects.filter(state=PossibleDuplicate.State.OPEN).count(),
    }
    return render(request, "moderation/queue.html", context)


@staff_required
def review_workshop(request, slug):
    workshop = get_object_or_404(Workshop.objects.select_related("commune"), slug=slug)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decisions.decide_workshop(workshop, form.cleaned_data["action"], form.cleaned_data["reason"], request.user)
        except StaleVersion:
            messages.error(request, _("The managers saved this profile a moment ago: review it again."))
            return redirect(request.path)
        messages.success(request, _("Decision recorded for %(name)s.") % {"name": workshop.name})
        return redirect("moderation:queue")
    context = {
        "workshop": workshop,
        "form": form,
        "duplicates": likely_duplicates(workshop),
        "equipment": workshop.equipment.select_related("type"),
        "managers": workshop.memberships.select_related("user"),
        "log": workshop.moderation_decisions.select_related("moderator")[:20],
    }
    return render(request, "moderation/review.html", context)


def _decide(request, form_class, decide, subject):
    form = form_class(request.POST)
    if form.is_valid():
        decide(subject, form.cleaned_data["action"], form.cleaned_data["reason"], request.user)
        messages.success(request, _("Decision recorded for %(name)s.") % {"name": subject.workshop.name})
    else:
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(
            request, _("Nothing decided for %(name)s: %(errors)s") % {"name": subject.workshop.name, "errors": errors}
        )
    return redirect("moderation:queue")


@staff_required
@require_POST
def decide_claim(request, claim_id):
    claim = get_object_or_404(ClaimRequest.objects.select_related("workshop", "user"), pk=claim_id)
    return _decide(request, DecisionForm, decisions.decide_claim, claim)


@staff_required
@require_POST
def decide_report(request, report_id):
    report = get_object_or_404(ProblemReport.objects.select_related("workshop"), pk=report_id)
    return _decide(request, ReportDecisionForm, decisions.decide_report, report)


@staff_required
def log(request):
    entries = ModerationDecision.objects.select_related("moderator", "workshop").order_by("-created_at")[:200]
    return render(request, "moderation/log.html", {"entries": entries})


def report_problem(request, slug):
    workshop = get_object_or_404(Workshop.objects.published(), slug=slug)
    # "Has this workshop closed? Tell us" links here with ?kind=closed.
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in ProblemReport.Kind.values else {}
    form = ProblemReportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not limits.PROBLEM_REPORT_PER_IP.hit(limits.client_ip(request)):
            return too_many_attempts(request, limits.PROBLEM_REPORT_PER_IP)
        if form.is_valid():
            report = form.save(commit=False)
            report.workshop = workshop
            report.save()
            messages.success(request, _("Thank you: a moderator will look at your report."))
            return redirect(workshop.get_absolute_url())
    return render(request, "moderation/report.html", {"workshop": workshop, "form": form})


@staff_required
def duplicates(request):
    """The pairs imports were unsure of: merge them into one workshop or keep them apart."""
    pairs = PossibleDuplicate.objects.filter(state=PossibleDuplicate.State.OPEN).select_related(
        "first__commune", "second__commune"
    )[:100]
    return render(request, "moderation/duplicates.html", {"pairs": pairs, "form": DuplicateDecisionForm()})


@staff_required
@require_POST
def decide_duplicate(request, pair_id):
    pair = get_object_or_404(
        PossibleDuplicate.objects.select_related("first", "second"), pk=pair_id, state=PossibleDuplicate.State.OPEN
    )
    form = DuplicateDecisionForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, _("Nothing decided: %(errors)s") % {"errors": errors})
        return redirect("moderation:duplicates")
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    if action == "keep_apart":
        merging.keep_apart(pair, request.user, reason)
        messages.success(request, _("Kept apart: %(a)s and %(b)s.") % {"a": pair.first.name, "b": pair.second.name})
    else:
        kept = pair.first if action == "keep_first" else pair.second
        merging.merge(pair, kept, request.user, reason)
        messages.success(request, _("Merged into %(name)s.") % {"name": kept.name})
    return redirect("moderation:duplicates")
