"""The public directory: home (search + map), the filtered list, a workshop's page, robots.txt."""

from itertools import groupby
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.forms import ModelChoiceField
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from afn_directory.i18n import of_place
from afn_directory.links import absolute
from territories import places
from territories.models import Region

from . import public
from .filters import DEFAULT_RADIUS_KM, WorkshopFilter, described_filters
from .http_cache import public_page
from .maps import approximate_texts, map_config
from .models import Equipment, EquipmentType, Photo, Workshop
from .pagination import DirectoryPaginator
from .provenance import provenance
from .querysets import is_open_now
from .search import sort_key
from .vocabularies import Audience, EquipmentCategory, Label, Service

PAGE_SIZE = 20
# A workshop's page names the nearest others, as fablabs.io does: where else to go for a machine.
NEARBY_COUNT = 4
RADIUS_CHOICES_KM = (10, 20, 50, 100, 200)
NEARBY_RADIUS_KM = 50  # one of the list's distances: its link shows them all
PARTIAL_HEADER = "X-Partial"
# Parameters of the page that the GeoJSON endpoint does not take.
PAGE_ONLY_PARAMS = ("page", "place")
EMPTY_LABELS = {
    "region": gettext_lazy("All regions"),
    "department": gettext_lazy("All departments"),
    "archetype": gettext_lazy("All archetypes"),
    "access": gettext_lazy("Any access"),
    "pricing": gettext_lazy("Any pricing"),
    "service": gettext_lazy("Any service"),
    "audience": gettext_lazy("Any audience"),
}


def _public_workshops():
    return Workshop.objects.published().select_related("commune", "department", "region")


def _listed_workshops():
    # A card names the commune and the department's code: the one join keeps the nearby index
    # walk's order (docs/performance.md).
    return Workshop.objects.published().select_related("commune")


def _with_equipment(queryset):
    return queryset.prefetch_related(Prefetch("equipment", queryset=Equipment.objects.select_related("type")))


def _as_cards(queryset):
    """What a card shows beyond the row: its machines, and its first photo (one query each)."""
    return _with_equipment(queryset).prefetch_related(
        Prefetch("photos", queryset=Photo.objects.only("workshop_id", "thumbnail")[:1], to_attr="first_photos")
    )


def _geojson_base():
    return reverse("api:workshop-geojson")


OVERSEAS_INSETS = (
    (gettext_lazy("Guadeloupe"), [[15.83, -61.81], [16.52, -61.0]]),
    (gettext_lazy("Martinique"), [[14.38, -61.23], [14.88, -60.8]]),
    (gettext_lazy("French Guiana"), [[2.1, -54.6], [5.8, -51.6]]),
    (gettext_lazy("Réunion"), [[-21.4, 55.2], [-20.85, 55.84]]),
    (gettext_lazy("Mayotte"), [[-13.0, 44.98], [-12.63, 45.3]]),
)


def directory_map_config(geojson_url, overseas_insets=False):
    """The directory's map: its workshops' GeoJSON, the categories and the texts of its controls.

    The national map of the home page adds the overseas insets; the list's map, under its filters,
    keeps the results within a phone's first screen.
    """
    return map_config(
        geojson=geojson_url,
        categories={value: str(label) for value, label in EquipmentCategory.choices},
        text={
            "open": _("Open now"),
            "closed": _("Closed now"),
            "hoursUnknown": _("Opening hours unknown"),
            "archetypeUnknown": _("Archetype unknown"),
            "equipmentUnknown": _("Equipment not listed yet."),
            "more": _("See the workshop"),
            # A workshop placed at its commune only (location_precision "commune"): its marker is
            # paler, its popup and its name for screen readers say so, the count under the map too.
            **approximate_texts(),
            "approximateOne": _("%(n)s of them placed at its commune only (paler marker)"),
            "approximateOther": _("%(n)s of them placed at their commune only (paler markers)"),
            "loadFailed": _("The map could not load the workshops. The list below still works."),
            # The page's language chooses between them (Intl.PluralRules): "1 atelier", "2 ateliers".
            "shownOne": _("%(n)s workshop on the map"),
            "shownOther": _("%(n)s workshops on the map"),
            "locating": _("Finding your position…"),
            "locateFailed": _("Your position is not available. Type a commune or a postal code instead."),
            "insetsTitle": _("Overseas"),
            "insetShow": _("Show %(place)s on the map (%(n)s)"),
            # The place box's suggestions (static/js/search.js), announced as they come.
            "suggestedOne": _("%(n)s commune suggested: the down arrow goes to it."),
            "suggestedOther": _("%(n)s communes suggested: the up and down arrows go through them."),
        },
        # The overseas departments lie far off the metropole's frame: each gets a small map of its own.
        insets=[{"name": str(name), "bounds": bounds} for name, bounds in OVERSEAS_INSETS] if overseas_insets else [],
    )


def _equipment_groups(selected, selected_categories):
    """(category code, label, whole category ticked, [(slug, label, ticked)]) for the machine filter."""
    types = public.in_category_order(EquipmentType.objects.all())
    return [
        (
            category,
            EquipmentCategory(category).label,
            category in selected_categories,
            [(t.slug, t.label, t.slug in selected) for t in items],
        )
        for category, items in groupby(types, key=lambda t: t.category)
    ]


@require_safe
@public_page
def home(request):
    return render(
        request,
        "workshops/home.html",
        {
            "count": Workshop.objects.published().count(),
            "equipment_types": public.in_category_order(EquipmentType.objects.all()),
            "map_config": directory_map_config(_geojson_base(), overseas_insets=True),
        },
    )


def _name_empty_choices(form):
    """Name the empty choice ("All regions", not "---------"); add one where the filter has none."""
    for name, label in EMPTY_LABELS.items():
        field = form.fields[name]
        if name == "region":  # by name as French orders it ("Île-de-France" with the I), as /open-data/
            names = Region.objects.names()
            field.widget.choices = [("", label), *sorted(names.items(), key=lambda item: sort_key(item[1]))]
        elif isinstance(field, ModelChoiceField):
            field.empty_label = label
        else:
            choices = [(value, text) for value, text in field.choices if value != ""]
            field.empty_label = None  # django-filter's own "---------", added when iterating
            field.choices = [("", label), *choices]


def _filter_errors(form) -> list[tuple[str, str]]:
    """(label, message) of each filter the list could not apply. Shown above the results: on a
    phone the filters are folded away, and the list would otherwise look like an answer to them
    (a stale link's region, a machine type that was renamed)."""
    return [
        (str(form.fields[name].label) if name in form.fields else "", str(message))
        for name, messages in form.errors.items()
        for message in messages
    ]


def _resolve_place(data):
    """Replace a typed place by its position in the query.

    Returns (place, error): the error, when the place was not found, carries suggestions.
    """
    text = data.get("place", "").strip()[:100]
    if not text:
        return None, None
    try:
        place = places.resolve(text)
    except places.PlaceError as exc:
        data.pop("lat", None)
        data.pop("lon", None)
        return None, exc
    data["lat"], data["lon"] = f"{place.latitude:.6f}", f"{place.longitude:.6f}"
    return place, None


def _place_links(query, communes):
    """(label, URL of this search with that commune as the place) for each commune."""
    links = []
    for commune in communes:
        params = query.copy()
        params["place"] = places.label(commune)
        for name in ("page", "lat", "lon"):
            params.pop(name, None)
        links.append(
            (f"{commune.name} — {commune.department.name} ({commune.department_id})", f"?{params.urlencode()}")
        )
    return links


def _geojson_url(data, form):
    params = data.copy()
    for name in (*PAGE_ONLY_PARAMS, *form.errors):
        params.pop(name, None)
    query = params.urlencode()
    return f"{_geojson_base()}?{query}" if query else _geojson_base()


def active_filter_count(data) -> int:
    """How many conditions the list applies, for the phone's "Filters (n)" button: each machine counts."""
    ignored = {"page", "radius_km", "lat", "lon", "place"}
    count = sum(1 for name, values in data.lists() if name not in ignored for value in values if value)
    return count + bool(data.get("place") or data.get("lat"))


# What a search that found nothing may drop: every condition but the place, which the distance widens.
NOT_DROPPED = {"lat", "lon", "radius_km", "place", "page", "closed"}


def _widenings(data, filterset, near: bool) -> list[tuple[str, str, int]]:
    """(what to change, URL, workshops found) for each single change that finds workshops when a
    search found none: one condition left out, or, around a point, the nearest distance that finds
    some. A count each (a few queries), asked only of a search that found nothing."""
    changes = []
    for name, label, value in described_filters(filterset, leave_out=NOT_DROPPED):
        params = data.copy()
        params.pop(name)
        changes.append((_("Without “%(filter)s: %(value)s”") % {"filter": label, "value": value}, params))
    widenings = [(text, params, _found(params)) for text, params in changes]
    if near:
        radius = float(data.get("radius_km") or DEFAULT_RADIUS_KM)
        for km in (km for km in RADIUS_CHOICES_KM if km > radius):
            params = data.copy()
            params["radius_km"] = str(km)
            found = _found(params)
            if found:
                widenings.append((_("Within %(km)s km") % {"km": km}, params, found))
                break
    return [(text, _search_url(params), found) for text, params, found in widenings if found]


# Conditions on what many workshops have not said yet: (parameters, what "not said" is, its note).
UNSAID = (
    (
        ("open_now",),
        {"opening_hours": ""},
        lambda n: ngettext(
            "Not counted: %(n)s workshop whose opening hours are not known.",
            "Not counted: %(n)s workshops whose opening hours are not known.",
            n,
        ),
    ),
    (
        ("equipment", "equipment_category"),
        {"equipment_types": []},
        lambda n: ngettext(
            "Not counted: %(n)s workshop that has not listed its machines yet.",
            "Not counted: %(n)s workshops that have not listed their machines yet.",
            n,
        ),
    ),
)


def _uncounted(data, form) -> list[tuple[str, str]]:
    """(note, URL of the search without that condition) for each condition of the search on what
    many workshops have not said (their hours, their machines): "36 open now" would otherwise
    read as "only 36 are open" when 350 have not given their hours. A count each, only when asked."""
    notes = []
    for names, unsaid, note in UNSAID:
        if not any(form.cleaned_data.get(name) for name in names):
            continue
        params = data.copy()
        for name in names:
            params.pop(name, None)
        count = _found(params, **unsaid)
        if count:
            notes.append((note(count) % {"n": number_format(count)}, _search_url(params)))
    return notes


def _found(params, **conditions) -> int:
    return WorkshopFilter(params, queryset=_listed_workshops()).qs.filter(**conditions).count()


def _search_url(params) -> str:
    params = params.copy()
    params.pop("page", None)
    if params.get("place"):  # the place is resolved again from its text
        params.pop("lat", None)
        params.pop("lon", None)
    return f"?{params.urlencode()}"


@require_safe
@vary_on_headers(PARTIAL_HEADER)
@public_page
def workshop_list(request):
    division = places.named_division(request.GET.get("place", "")[:100])
    if division is not None:
        # "Bretagne", "Loire-Atlantique", "44": the region's or department's list, not 50 km
        # around a commune of that name; the filter shows it (search.js follows to the new URL).
        params = request.GET.copy()
        for name in ("place", "lat", "lon", "radius_km", "page"):
            params.pop(name, None)
        params[division.kind] = division.code
        return HttpResponseRedirect(f"{request.path}?{params.urlencode()}")
    data = request.GET.copy()
    place, place_error = _resolve_place(data)
    radius = data.get("radius_km") or str(DEFAULT_RADIUS_KM)
    if not (data.get("lat") or data.get("lon")):
        # The distance list is always sent; it means something only around a point.
        data.pop("radius_km", None)
    filterset = WorkshopFilter(data, queryset=_as_cards(_listed_workshops()))
    form = filterset.form
    _name_empty_choices(form)
    if form.has_error("radius_km"):  # said with the errors: the default distance is searched
        radius = str(DEFAULT_RADIUS_KM)
    # A place not found answers with suggestions, never with the whole directory as if it matched.
    workshops = filterset.qs.none() if place_error is not None else filterset.qs
    page = DirectoryPaginator(workshops, PAGE_SIZE).get_page(data.get("page"))
    for workshop in page:
        workshop.open_state = is_open_now(Workshop, workshop.opening_hours, workshop.region_id)
    context = {
        "form": form,
        "page": page,
        "place": place,
        "place_of": of_place(place.label) if place else "",
        "place_text": data.get("place", "")[:100],
        "place_error": str(place_error or ""),
        "place_suggestions": _place_links(request.GET, place_error.suggestions if place_error else []),
        "place_alternatives": _place_links(request.GET, place.alternatives if place else []),
        "near": bool(data.get("lat")) and filterset.position is not None,
        "radius_choices": RADIUS_CHOICES_KM,
        "radius": radius,
        "equipment_groups": _equipment_groups(set(data.getlist("equipment")), set(data.getlist("equipment_category"))),
        "map_config": directory_map_config(_geojson_url(data, form)),
        "filtered": any(v for k, v in data.items() if k != "page"),
        # search.js recounts as filters change: it fills the same pattern.
        "filters_label_pattern": _("Filters (%(n)s)"),
        "filters_label": _("Filters (%(n)s)") % {"n": active_filter_count(data)},
        "more_filters_set": any(data.get(name) or name in form.errors for name in EMPTY_LABELS),
        "filter_errors": _filter_errors(form),
    }
    if not page.paginator.count and place_error is None and filterset.is_valid():
        context["widenings"] = _widenings(data, filterset, near=context["near"])
    elif place_error is None:
        context["uncounted"] = _uncounted(data, form)
    if request.headers.get(PARTIAL_HEADER) == "results":
        return render(request, "workshops/_results.html", context)
    return render(request, "workshops/list.html", context)


def _labels(codes, vocabulary):
    known = dict(vocabulary.choices)
    return [known[code] for code in codes if code in known]


def detail_context(workshop) -> dict:
    """What a workshop's page shows; also the managers' preview of a profile not published yet."""
    equipment = public.in_category_order(
        workshop.equipment.all(),
        label=lambda machine: f"{machine.type.label} {machine.brand} {machine.model}",
        category=lambda machine: machine.type.category,
    )
    photos = list(workshop.photos.all())
    photo_urls = [absolute(photo.image.url) for photo in photos]
    by_category = [
        (EquipmentCategory(category).label, list(items))
        for category, items in groupby(equipment, key=lambda e: e.type.category)
    ]
    url = absolute(workshop.get_absolute_url())
    week = public.weekly_hours(workshop.opening_hours)
    today = public.today_index(workshop.region_id)
    address = " ".join(
        filter(None, [workshop.street, workshop.postal_code, workshop.commune and workshop.commune.name])
    )
    approximate = public.approximately_located(workshop)
    return {
        "workshop": workshop,
        "canonical_url": url,
        "equipment_by_category": by_category,
        "photos": photos,
        "first_photo_url": photo_urls[0] if photo_urls else None,
        "status": public.opening_status(workshop.opening_hours, workshop.region_id),
        "week": week,
        "today": today,
        "today_hours": week[today] if week else None,
        "directions_url": public.directions_url(
            workshop.latitude, workshop.longitude, address, by_address=approximate and bool(workshop.street)
        ),
        "approximate_position": approximate,
        "closed_on_holidays": public.closed_on_public_holidays(workshop.opening_hours),
        "freshness": public.freshness(workshop.verified_at, workshop.created_at),
        "provenance": provenance(workshop),
        "services": _labels(workshop.services, Service),
        "audiences": _labels(workshop.audiences, Audience),
        "labels": _labels(workshop.labels, Label),
        "json_ld": public.json_ld(public.local_business(workshop, url, photo_urls)),
        "map_point": public.map_point(workshop),
        "map_config": directory_map_config(""),
    }


@require_safe
@public_page
def workshop_detail(request, slug):
    workshop = _with_equipment(_public_workshops()).filter(slug=slug).first()
    if workshop is None:
        # A workshop merged into another: its old links lead, for good, to the one that was kept.
        kept = get_object_or_404(_public_workshops(), merged_slugs__slug=slug)
        return HttpResponsePermanentRedirect(kept.get_absolute_url())
    context = detail_context(workshop)
    context["nearby"], context["nearby_search"] = _nearby(workshop)
    context["nearby_radius"] = NEARBY_RADIUS_KM
    return render(request, "workshops/detail.html", context)


def _nearby(workshop):
    """The nearest other published workshops (one query, through the nearby index on PostgreSQL),
    and the list's search around the workshop's commune that shows them all."""
    if workshop.latitude is None:
        return [], None
    nearby = list(
        _listed_workshops()
        .exclude(pk=workshop.pk)
        .nearby(workshop.latitude, workshop.longitude, NEARBY_RADIUS_KM)[:NEARBY_COUNT]
    )
    if not (nearby and workshop.commune):
        return nearby, None
    query = urlencode({"place": places.label(workshop.commune), "radius_km": NEARBY_RADIUS_KM})
    return nearby, f"{reverse('workshops:list')}?{query}"


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /manage/",
        "Disallow: /accounts/",
        "Disallow: /officials/",
        "Disallow: /api/",
        "Disallow: /places/",
        f"Sitemap: {absolute(reverse('workshops:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
