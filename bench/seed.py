"""Fast bulk seeding for benchmarks: realistic workshops clustered around real communes.

Not one save per row: rows are built in memory and written with bulk_create in batches, so
100,000 workshops and their ~750,000 machines take about a minute on PostgreSQL.
"""

import random

from django.db import connection, transaction

from territories.models import Commune
from workshops.demo import HOURS, PROFILES
from workshops.demo_places import DEMO_PLACES
from workshops.models import Equipment, EquipmentType, Workshop
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
                plans.append([rng.choice(pool + types[:3]) for _ in range(rng.randint(3, 12))])
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return created
