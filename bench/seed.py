"""Fast bulk seeding for benchmarks: realistic workshops clustered around real communes.

Not one save per row: rows are built in memory and written with bulk_create in batches, so
100,000 workshops and their ~750,000 machines take about a minute on PostgreSQL.
"""

import random

from django.db import connection, transaction

from territories.models import Commune
from workshops.classification import division_names
from workshops.demo import HOURS, PROFILES
from workshops.demo_places import DEMO_PLACES
from workshops.models import Equipment, EquipmentType, Workshop
from workshops.search import sort_key, text_of
from workshops.vocabularies import Status

BATCH = 5000


def seed_workshops(count: int, start: int = 0, seed: int = 7) -> int:
    """Create `count` published workshops (3–12 machines each) around the demo communes,
    numbered from `start` so that a data set can grow in steps."""
    rng = random.Random(seed + start)
    communes = {c.code: c for c in Commune.objects.filter(code__in=[p[0] for p in DEMO_PLACES])}
    places = [p for p in DEMO_PLACES if p[0] in communes]
    types = list(EquipmentType.objects.all())
    types_by_slug = {t.slug: t for t in types}
    created = 0
    with transaction.atomic():
        for batch_start in range(start, start + count, BATCH):
            rows = []
            plans = []
            for index in range(batch_start, min(start + count, batch_start + BATCH)):
                code, lat, lon, postal_code = rng.choice(places)
                commune = communes[code]
                profile = rng.choice(PROFILES)
                # Clustered: most within a few km of the town centre, some further out.
                spread = 0.02 if rng.random() < 0.7 else 0.15
                rows.append(
                    Workshop(
                        slug=f"bench-{index}",
                        name=f"{profile.names[0].format(commune=commune.name, short=commune.name)} {index}",
                        summary=profile.summaries[0],
                        status=Status.PUBLISHED,
                        commune=commune,
                        department_id=commune.department_id,
                        region_id=commune.region_id,
                        postal_code=postal_code,
                        latitude=lat + rng.uniform(-spread, spread),
                        longitude=lon + rng.uniform(-spread, spread),
                        carrier_type=rng.choice(profile.carriers),
                        access=rng.choice(profile.access),
                        pricing=rng.choice(profile.pricing),
                        opening_hours=rng.choice(HOURS),
                        services=sorted(rng.sample(profile.services, k=2)),
                        audiences=sorted(rng.sample(profile.audiences, k=2)),
                        archetype=PROFILES.index(profile) % 6 + 1,
                        source="bench",
                        source_id=str(index),
                    )
                )
                pool = [types_by_slug[slug] for slug, _models in profile.equipment] or types
                plan = [rng.choice(pool + types[:3]) for _ in range(rng.randint(3, 12))]
                plans.append(plan)
                # bulk_create sends no signal: store what workshops.classification would.
                rows[-1].equipment_categories = sorted({machine_type.category for machine_type in plan})
                rows[-1].equipment_types = sorted({machine_type.pk for machine_type in plan})
                rows[-1].search_text = text_of(
                    rows[-1],
                    commune.name,
                    sorted(set(plan), key=lambda kind: kind.pk),
                    divisions=division_names(commune.department_id, commune.region_id),
                    archetype=rows[-1].archetype,
                )
                rows[-1].sort_name = sort_key(rows[-1].name)
            Workshop.objects.bulk_create(rows, batch_size=BATCH)
            ids = dict(
                Workshop.objects.filter(source="bench", slug__in=[r.slug for r in rows]).values_list("slug", "id")
            )
            machines = [
                Equipment(workshop_id=ids[row.slug], type=machine_type, quantity=rng.randint(1, 3))
                for row, plan in zip(rows, plans, strict=True)
                for machine_type in plan
            ]
            Equipment.objects.bulk_create(machines, batch_size=BATCH)
            created += len(rows)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:  # (the tests seed in a transaction)
        # What autovacuum does after a bulk load: statistics, and the visibility map that lets
        # PostgreSQL answer the machine-type probes from the index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return created


def _answer(rng, spec):
    kind = spec["type"]
    codes = [c["code"] for c in spec.get("choices") or []]
    if kind == "single" and codes:
        return rng.choice(codes)
    if kind == "multiple" and codes:
        return sorted(rng.sample(codes, k=rng.randint(1, min(3, len(codes)))))
    if kind == "scale":
        return rng.randint(1, 5)
    if kind == "yes_no":
        return rng.random() < 0.6
    if kind == "number":
        low = int(spec.get("min") or 0)
        high = int(spec.get("max") or 100)
        return rng.randint(low, min(high, low + 100))
    return None  # free text is left empty: aggregates never read it


def seed_user_responses(count: int, seed: int = 11) -> int:
    """`count` anonymous user responses to the current user questionnaire, over all workshops
    and the last two years, written in bulk."""
    from datetime import timedelta

    from django.utils import timezone

    from surveys.models import Questionnaire, Response

    rng = random.Random(seed)
    questionnaire = Questionnaire.objects.current("user")
    if questionnaire is None:
        raise RuntimeError("no active user questionnaire (run migrate)")
    specs = questionnaire.schema()
    workshop_ids = list(Workshop.objects.published().values_list("id", flat=True))
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for batch_start in range(0, count, BATCH):
            rows = []
            for _ in range(min(BATCH, count - batch_start)):
                answers = {}
                for spec in specs:
                    value = _answer(rng, spec)
                    if value is not None and (spec.get("required") or rng.random() < 0.8):
                        answers[spec["code"]] = value
                rows.append(
                    Response(
                        questionnaire=questionnaire,
                        workshop_id=rng.choice(workshop_ids),
                        submitted_at=now - timedelta(days=rng.randint(0, 730)),
                        answers=answers,
                        consent_at=now,
                    )
                )
            Response.objects.bulk_create(rows, batch_size=BATCH)
            created += len(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE surveys_response")
    return created
