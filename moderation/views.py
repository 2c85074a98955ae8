"""The staff's moderation queue and decisions; the public's "report a problem" form."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from afn_directory import limits
from afn_directory.limits import too_many_attempts
from afn_directory.staff import has_staff_powers
from workshops import public
from workshops import views as public_views
from workshops.editing import StaleVersion
from workshops.importers import holds
from workshops.manage.duplicates import likely_duplicates
from workshops.models import ClaimRequest, Membership, PossibleDuplicate, Workshop
from workshops.provenance import source_name
from workshops.vocabularies import Status

from . import access, decisions, merging, reports
from .forms import (
    AccessDecisionForm,
    AccessRequestForm,
    DecisionForm,
    DuplicateDecisionForm,
    ProblemReportForm,
    ReportDecisionForm,
    ReportsDecisionForm,
)
from .models import AccessRequest, ModerationDecision, ProblemReport


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not has_staff_powers(request.user):
            raise PermissionDenied("Moderation is for staff (with their second factor).")
        return view(request, *args, **kwargs)

    return wrapper


def _import_holds(workshop) -> list[str]:
    """Why imports hold this pending workshop for a moderator (WorkshopSource.holds), in the
    reader's language; none for a workshop no import held, or held before the reasons were kept."""
    if workshop.status != Status.PENDING:
        return []
    return [
        _("Held by the import from %(source)s: %(reason)s") % {"source": source_name(link.source), "reason": reason}
        for link in workshop.sources.all()
        for reason in map(holds.in_words, link.holds)
        if reason
    ]


@staff_required
def queue(request):
    pending = list(
        Workshop.objects.filter(status=Status.PENDING)
        .select_related("commune")
        .prefetch_related("sources")
        .order_by("updated_at")
    )
    for workshop in pending:
        workshop.import_holds = _import_holds(workshop)
    context = {
        "workshops": pending,
        "claims": ClaimRequest.objects.filter(
            decision__in=[ClaimRequest.Decision.PENDING, ClaimRequest.Decision.MORE_INFO]
        )
        .select_related("workshop", "user")
        # Who manages it already: an approval then adds an editor, whom the owners are told of.
        .prefetch_related(
            Prefetch("workshop__memberships", queryset=Membership.objects.select_related("user").order_by("role", "pk"))
        ),
        "reported": reports.open_by_workshop(),
        "claim_form": DecisionForm(),
        "report_form": ReportDecisionForm(),
        "access_requests": AccessRequest.objects.filter(state=AccessRequest.State.PENDING).select_related(
            "user", "region", "department"
        ),
        "access_form": AccessDecisionForm(),
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
        "import_holds": _import_holds(workshop),
        "map_point": public.map_point(workshop),
        "map_config": public_views.directory_map_config(""),
    }
    return render(request, "moderation/review.html", context)


def _nothing_decided(request, form, name):
    errors = "; ".join(e for errs in form.errors.values() for e in errs)
    messages.error(request, _("Nothing decided for %(name)s: %(errors)s") % {"name": name, "errors": errors})


def _decide(request, form_class, decide, subject):
    form = form_class(request.POST)
    if form.is_valid():
        decide(subject, form.cleaned_data["action"], form.cleaned_data["reason"], request.user)
        messages.success(request, _("Decision recorded for %(name)s.") % {"name": subject.workshop.name})
    else:
        _nothing_decided(request, form, subject.workshop.name)
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
@require_POST
def decide_reports(request, slug):
    """One decision on every open report about a workshop that the moderator was shown: ten
    visitors who saw the same closed door are answered at once, each logged and told."""
    workshop = get_object_or_404(Workshop, slug=slug)
    form = ReportsDecisionForm(request.POST, workshop=workshop)
    if not form.is_valid():
        _nothing_decided(request, form, workshop.name)
        return redirect("moderation:queue")
    decided = decisions.decide_reports(
        form.cleaned_data["reports"], form.cleaned_data["action"], form.cleaned_data["reason"], request.user
    )
    messages.success(
        request,
        ngettext(
            "Decision recorded for %(count)d report about %(name)s.",
            "Decision recorded for %(count)d reports about %(name)s.",
            len(decided),
        )
        % {"count": len(decided), "name": workshop.name},
    )
    return redirect("moderation:queue")


@staff_required
def log(request):
    entries = ModerationDecision.objects.select_related("moderator", "workshop").order_by("-created_at")[:200]
    return render(request, "moderation/log.html", {"entries": entries})


def report_problem(request, slug):
    workshop = get_object_or_404(Workshop.objects.published(), slug=slug)
    # "Has this workshop closed? Tell us" links here with ?kind=closed.
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in ProblemReport.Kind.values else {}
    # Where managers look after the workshop, they hear of a report at once (reports.file_report).
    managed = workshop.memberships.exists()
    form = ProblemReportForm(
        request.POST or None, initial=initial, has_photos=workshop.photos.exists(), managed=managed
    )
    if request.method == "POST":
        if not limits.PROBLEM_REPORT_PER_IP.hit(limits.client_ip(request)):
            return too_many_attempts(request, limits.PROBLEM_REPORT_PER_IP)
        if form.is_valid():
            report = form.save(commit=False)
            report.workshop = workshop
            report.language = request.LANGUAGE_CODE
            reports.file_report(report)
            if managed:
                messages.success(
                    request, _("Thank you: the workshop's managers have your report, and a moderator follows it.")
                )
            else:
                messages.success(request, _("Thank you: a moderator will look at your report."))
            return redirect(workshop.get_absolute_url())
    return render(request, "moderation/report.html", {"workshop": workshop, "form": form, "managed": managed})


@login_required
def request_access(request):
    """An official without a scope asks for one; staff decide in the moderation queue."""
    pending = access.pending_for(request.user)
    form = AccessRequestForm(request.POST or None, instance=pending)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        access.file_request(
            request.user,
            region=data["region"],
            department=data["department"],
            organisation=data["organisation"],
            message=data["message"],
        )
        messages.success(
            request, _("Your request is sent. The directory's team answers by e-mail, usually within a few days.")
        )
        return redirect("moderation:request_access")
    return render(request, "moderation/access_request.html", {"form": form, "pending": pending})


@staff_required
def duplicates(request):
    """The pairs imports were unsure of: merge them into one workshop or keep them apart."""
    pairs = list(
        # A pair one of whose workshops was deleted since has nothing left to decide.
        PossibleDuplicate.objects.filter(state=PossibleDuplicate.State.OPEN, first__isnull=False, second__isnull=False)
        .select_related("first__commune", "second__commune")
        .prefetch_related("first__sources", "second__sources")[:100]
    )
    for pair in pairs:
        pair.similarity_pct = round(pair.similarity * 100)
        for workshop in (pair.first, pair.second):
            workshop.source_names = [f"{source_name(s.source)} #{s.source_id}" for s in workshop.sources.all()]
    return render(request, "moderation/duplicates.html", {"pairs": pairs, "form": DuplicateDecisionForm()})


@staff_required
@require_POST
def decide_access(request, request_id):
    access_request = get_object_or_404(AccessRequest, pk=request_id, state=AccessRequest.State.PENDING)
    form = AccessDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("moderation:queue")
    grant = form.cleaned_data["action"] == "grant"
    access.decide(access_request, grant=grant, reason=form.cleaned_data["reason"], moderator=request.user)
    text = _("Access granted to %(user)s.") if grant else _("Access refused to %(user)s.")
    messages.success(request, text % {"user": access_request.user.email})
    return redirect("moderation:queue")


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
