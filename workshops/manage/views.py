"""My workshops, registering a new one, editing its profile section by section, submitting it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from workshops import companies, geocoding
from workshops import views as public_views
from workshops.editing import StaleVersion, save_profile
from workshops.maps import map_config
from workshops.models import ClaimRequest, Equipment, Membership, MergedSlug, Workshop
from workshops.vocabularies import LocationPrecision, LocationSource, Status

from . import progress
from .access import managed_workshop
from .duplicates import likely_duplicates
from .forms import AccessForm, AddressForm, IdentityForm, NumbersForm

SECTIONS = {"identity": IdentityForm, "address": AddressForm, "access": AccessForm, "numbers": NumbersForm}
# Lazy: read in the language of each request (gettext here would fix them in the language of the
# process's start: French pages' titles on English pages).
SECTION_TITLES = {
    "identity": gettext_lazy("Identity"),
    "address": gettext_lazy("Address and map"),
    "access": gettext_lazy("Access and opening hours"),
    "numbers": gettext_lazy("Figures"),
}


@login_required
def dashboard(request):
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("workshop__commune")
        .annotate(
            equipment_count=Count("workshop__equipment", distinct=True),
            photo_count=Count("workshop__photos", distinct=True),
        )
        .order_by("workshop__name")
    )
    rows = [
        {
            "workshop": m.workshop,
            "role": m.get_role_display(),
            "missing": progress.missing(m.workshop, m.equipment_count, m.photo_count),
            "to_confirm": m.workshop.is_published and progress.needs_confirmation(m.workshop),
        }
        for m in memberships
    ]
    claims = ClaimRequest.objects.filter(user=request.user).exclude(decision=ClaimRequest.Decision.APPROVED)
    return render(request, "manage/dashboard.html", {"rows": rows, "claims": claims.select_related("workshop")})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "atelier"
    slug, n = base, 2
    # A merged workshop's old address keeps leading to the one that was kept: never given again.
    while Workshop.objects.filter(slug=slug).exists() or MergedSlug.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@login_required
def new(request):
    form = IdentityForm(request.POST or None, instance=Workshop(), initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            workshop = form.save(commit=False)
            workshop.slug = _unique_slug(workshop.name)
            workshop.status = Status.DRAFT
            workshop._history_user = request.user
            workshop.save()
            Membership.objects.create(user=request.user, workshop=workshop, role=Membership.Role.OWNER)
        messages.success(request, _("Your workshop is saved as a draft. Next: its address."))
        return redirect("manage:section", workshop.slug, "address")
    return render(request, "manage/section.html", _section_context(None, "identity", form))


def _map_config(workshop=None):
    commune = workshop.commune if workshop is not None and workshop.commune_id else None
    return map_config(
        # Without a pin yet, the map opens on the workshop's commune rather than all of France.
        commune=[commune.latitude, commune.longitude] if commune and commune.latitude is not None else None,
        text={"pin": _("Position of the workshop")},
    )


def _hours_labels():
    return {
        "caption": _("Weekly opening hours (leave a day empty when closed)"),
        "day": _("Day"),
        "slot1": _("Opening hours"),
        "slot2": _("Second time slot"),
        "opens": _("opens at"),
        "closes": _("closes at"),
        "days": [capfirst(str(day)) for day in WEEKDAYS.values()],
        "holidays_off": _("Closed on public holidays"),
        "advanced": _("These hours use more of the OpenStreetMap syntax than the table shows: edit the text below."),
        # %(day)s and %(slot)s are filled in by static/js/manage-hours.js.
        "missing_closes": _("%(day)s, %(slot)s: give the closing time as well, or clear the opening time."),
        "missing_opens": _("%(day)s, %(slot)s: give the opening time as well, or clear the closing time."),
    }


def _section_context(workshop, section, form, **extra):
    if section == "address":
        extra["map_config"] = _map_config(workshop)
    elif section == "access":
        extra["hours_labels"] = _hours_labels()
    elif section == "identity" and workshop is not None and not (workshop.siret or workshop.rna):
        # The national export needs a SIRET or an RNA number: suggest the carrier's, if the directory knows it.
        extra["companies"] = companies.suggestions(workshop.name, workshop.postal_code)
    return {
        "workshop": workshop,
        "section": section,
        "section_title": SECTION_TITLES[section],
        "form": form,
        "steps": progress.STEPS,
        "registering": workshop is None or workshop.status == Status.DRAFT,
        **extra,
    }


def _locate(request, workshop_before, changes, form) -> bool:
    """Fill the position: the pin when the manager placed it, else the geocoded address.

    True when the address service did not answer: the manager should place the pin themselves,
    on this same step, where the warning is shown.
    """
    if form.cleaned_data.get("location_manual") and changes.get("latitude") is not None:
        changes.update(location_source=LocationSource.MANUAL, location_precision=LocationPrecision.ADDRESS)
        return False
    address_changed = any(
        getattr(workshop_before, f) != changes[f] for f in ("street", "postal_code", "commune") if f in changes
    )
    if changes.get("latitude") is not None and not address_changed:
        return False
    commune = changes["commune"]
    query = " ".join(filter(None, [changes.get("street"), changes.get("postal_code"), commune.name]))
    unanswered = False
    try:
        result = geocoding.geocode(query, citycode=commune.code)
    except geocoding.GeocoderUnavailable:
        result, unanswered = None, True
        messages.warning(request, _("The address service did not answer: place the pin on the map yourself."))
    if result is not None:
        changes.update(
            latitude=result.latitude,
            longitude=result.longitude,
            location_source=LocationSource.GEOCODER,
            location_precision=result.precision,
        )
    elif changes.get("latitude") is None and commune.latitude is not None:
        changes.update(
            latitude=commune.latitude,
            longitude=commune.longitude,
            location_source=LocationSource.GEOCODER,
            location_precision=LocationPrecision.COMMUNE,
        )
    if not unanswered and changes.get("location_precision") == LocationPrecision.COMMUNE:
        messages.warning(
            request,
            _(
                "The address could only be placed at its commune, not at the door: put the pin on the "
                "entrance (step “Address and map”) so that visitors find it."
            ),
        )
    return unanswered


def _edited_version(workshop, version):
    """The profile as the editor saw it when they opened the form (for 'what changed since')."""
    record = workshop.history.filter(version=version).order_by("-history_date").first()
    return record.instance if record else workshop


@login_required
def section(request, slug, section="identity"):
    if section not in SECTIONS:
        raise Http404("No such section.")
    workshop, access = managed_workshop(request, slug)
    form_class = SECTIONS[section]
    form = form_class(request.POST or None, instance=Workshop.objects.get(pk=workshop.pk))
    conflict = None
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        place_pin = section == "address" and _locate(request, workshop, changes, form)
        confirming = "confirm" in request.POST
        if confirming:
            # "Still accurate" is a button of this very form: what was just typed is saved with it.
            changes["verified_at"] = timezone.now()
        expected = form.cleaned_data["version"]
        try:
            save_profile(_edited_version(workshop, expected), changes, expected_version=expected, user=request.user)
        except StaleVersion as stale:
            conflict = _conflict(stale, form)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if place_pin:
                return redirect(f"{request.path}#location-map")
            return _after_save(request, workshop, section, confirmed=confirming)
    return render(
        request, "manage/section.html", _section_context(workshop, section, form, access=access, conflict=conflict)
    )


def _conflict(stale, form):
    """What someone else saved meanwhile; the form keeps this editor's values and the new version."""
    data = form.data.copy()
    data[form.add_prefix("version")] = stale.current.version
    form.data = data
    meta = Workshop._meta
    return [
        {"label": meta.get_field(name).verbose_name, "value": getattr(stale.current, name)}
        for name in stale.changed_fields
    ]


def _after_save(request, workshop, section, confirmed=False):
    if confirmed:
        messages.success(request, _("Your changes are saved and the profile is marked as up to date."))
        return redirect(request.path)
    if workshop.status == Status.DRAFT and section in progress.STEP_SLUGS:
        messages.success(request, _("Saved as a draft."))
        return redirect(progress.step_url(workshop, progress.next_step(section)))
    messages.success(request, _("Your changes are saved."))
    return redirect(request.path)


@login_required
def submit(request, slug):
    workshop, access = managed_workshop(request, slug)
    duplicates = likely_duplicates(workshop, public_only=not access.is_staff)
    required = progress.required_missing(workshop)
    if request.method == "POST":
        if workshop.status not in (Status.DRAFT, Status.REJECTED):
            messages.info(request, _("This workshop was already submitted."))
            return redirect("manage:dashboard")
        if not required:
            try:
                save_profile(workshop, {"status": Status.PENDING}, expected_version=workshop.version, user=request.user)
            except StaleVersion:
                messages.error(request, _("Someone saved this profile a moment ago: please check it and submit again."))
                return redirect(request.path)
            messages.success(
                request,
                _("Thank you! A moderator will check your workshop; you will get an e-mail once it is published."),
            )
            return redirect("manage:dashboard")
    context = {
        "workshop": workshop,
        "access": access,
        "duplicates": duplicates,
        "required": [
            {"text": item.text, "url": progress.step_url(workshop, progress.step_by_slug(item.step))}
            for item in required
        ],
        "equipment": workshop.equipment.select_related("type"),
        "steps": progress.STEPS,
        "registering": workshop.status == Status.DRAFT,
        "section": "submit",
    }
    return render(request, "manage/submit.html", context)


@login_required
def preview(request, slug):
    """The public page of a profile as it stands, published or not, for its managers and staff."""
    queryset = Workshop.objects.select_related("commune", "department", "region").prefetch_related(
        Prefetch("equipment", queryset=Equipment.objects.select_related("type"))
    )
    workshop, _access = managed_workshop(request, slug, queryset=queryset)
    context = public_views.detail_context(workshop)
    context["preview"] = True
    return render(request, "workshops/detail.html", context)


@login_required
@require_POST
def confirm(request, slug):
    workshop, _access = managed_workshop(request, slug)
    try:
        save_profile(workshop, {"verified_at": timezone.now()}, expected_version=workshop.version, user=request.user)
    except StaleVersion:
        messages.error(request, _("Someone saved this profile a moment ago: please check it, then confirm again."))
    else:
        messages.success(request, _("Thank you: the profile is marked as up to date."))
    return redirect(reverse("manage:edit", args=[workshop.slug]))
