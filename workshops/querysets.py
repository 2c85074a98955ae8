"""Intention-named queries over workshops, shared by the pages, the API and the exports."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from . import geo, hours
from .vocabularies import Status


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def in_region(self, code):
        return self.filter(region_id=code)

    def in_department(self, code):
        return self.filter(department_id=code)

    def in_commune(self, code):
        """Workshops of a commune; those of Paris, Lyon and Marseille include their arrondissements'."""
        return self.filter(Q(commune_id=code) | Q(commune__parent_id=code))

    def managed_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def with_equipment(self, *types):
        """Workshops that have every one of the given equipment types (slugs or EquipmentType rows).

        Rows are matched on their id, so each EXISTS is one probe of the (workshop, type) index;
        a slug costs a join to the taxonomy that PostgreSQL plans as a scan of every such machine.
        """
        from .models import Equipment

        queryset = self
        for machine_type in types:
            condition = {"type__slug": machine_type} if isinstance(machine_type, str) else {"type_id": machine_type.pk}
            queryset = queryset.filter(Exists(Equipment.objects.filter(workshop=OuterRef("pk"), **condition)))
        return queryset

    def with_equipment_category(self, category):
        from .models import Equipment

        return self.filter(Exists(Equipment.objects.filter(workshop=OuterRef("pk"), type__category=category)))

    def _with_json_code(self, field, code):
        # A JSON list of codes, matched on its quoted element: works on SQLite and PostgreSQL.
        return self.filter(**{f"{field}__icontains": f'"{code}"'})

    def with_service(self, code):
        return self._with_json_code("services", code)

    def with_audience(self, code):
        return self._with_json_code("audiences", code)

    def with_label(self, code):
        return self._with_json_code("labels", code)

    def with_archetype(self, number):
        """Workshops whose effective archetype (staff override first) is the given one."""
        return self.filter(Q(archetype_override=number) | Q(archetype_override__isnull=True, archetype=number))

    def search(self, text):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(summary__icontains=text) | Q(commune__name__istartswith=text))

    def located(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def nearby(self, lat, lon, radius_km=50):
        """Workshops within radius_km of (lat, lon), annotated with distance_km, nearest first."""
        box = geo.bounding_box(lat, lon, radius_km)
        return (
            self.filter(
                latitude__gte=box.south,
                latitude__lte=box.north,
                longitude__gte=box.west,
                longitude__lte=box.east,
            )
            .annotate(distance_km=geo.distance_expression(lat, lon))
            .filter(distance_km__lte=radius_km)
            .order_by("distance_km", "pk")
        )

    def by_distance(self, lat, lon):
        """Annotated with distance_km from (lat, lon), nearest first; workshops without a position last."""
        return self.annotate(distance_km=geo.distance_expression(lat, lon)).order_by(
            models.F("distance_km").asc(nulls_last=True), "pk"
        )

    def open_now(self, at=None):
        """Workshops open at the given instant (now by default), in their own time zone.

        Opening hours cannot be evaluated in SQL; there are far fewer distinct expressions than
        workshops, so each distinct (expression, region) pair is evaluated once. The pairs of the
        whole directory are cached until a workshop changes (the directory generation), so the
        query never repeats this queryset's other, costlier conditions.
        """
        regions_by_expression: dict[str, list[str | None]] = {}
        open_regions: dict[str, list[str | None]] = {}
        for expression, region in _hours_pairs():
            regions_by_expression.setdefault(expression, []).append(region)
            if hours.is_open(expression, region, at):
                open_regions.setdefault(expression, []).append(region)
        if not open_regions:
            return self.none()
        # Regions only matter through their public holidays: most expressions are open (or
        # closed) wherever they are used, and need no condition on the region. Keeping the SQL
        # to one IN list lets the database check it cheaply on every row.
        everywhere = [e for e, regions in open_regions.items() if len(regions) == len(regions_by_expression[e])]
        condition = Q(opening_hours__in=everywhere) if everywhere else Q(pk__in=[])
        for expression, regions in open_regions.items():
            if len(regions) < len(regions_by_expression[expression]):
                in_regions = Q(region_id__in=[r for r in regions if r is not None])
                if None in regions:
                    in_regions |= Q(region_id__isnull=True)
                condition |= Q(opening_hours=expression) & in_regions
        return self.filter(condition)


def _hours_pairs() -> list[tuple[str, str | None]]:
    """Every distinct (opening hours, region) pair of the directory, cached per generation."""
    from django.core.cache import cache

    from .geojson import generation

    return cache.get_or_set(f"directory:hours-pairs:{generation()}", lambda: list(hours_pairs_query()), timeout=3600)


def hours_pairs_query():
    """The distinct (opening hours, region) pairs: an index-only scan of workshop_hours_region."""
    from .models import Workshop

    return Workshop.objects.exclude(opening_hours="").values_list("opening_hours", "region_id").distinct().order_by()
