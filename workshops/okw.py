"""Workshops as Open Know-Where v1.0 manufacturing facilities (Internet of Production Alliance).

Open Know-Where (OKW) v1.0 describes where things can be made: a facility's name, location,
contact, opening hours, access type, status and equipment, each machine named by the Wikipedia
article of its kind. The specification defines properties by label, makes none mandatory (§3.10),
prescribes no serialisation (§3.6, §3.13) and says a field name is "typically the label expressed
in camel case" (§3.9): so the keys here are the labels in camelCase (Facility Status →
`facilityStatus`, Equipment Type → `equipmentType`). No official JSON Schema is published;
`workshops/schemas/okw-1.0.schema.json` is the project's, written from the specification's text
(see its description), and `tests/test_exports_standards.py` validates the export against it.
What a workshop does not say is left out, never guessed.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from .models import Equipment
from .taxonomy import WIKIPEDIA
from .vocabularies import Access, ActivityStatus, Wheelchair

SCHEMA_PATH = Path(__file__).parent / "schemas" / "okw-1.0.schema.json"
SPECIFICATION_URL = "https://standards.internetofproduction.org/pub/okw/release/1"
CHUNK_SIZE = 500

FACILITY_STATUS = {
    ActivityStatus.ACTIVE: "Active",
    ActivityStatus.PLANNED: "Planned",
    ActivityStatus.CLOSED: "Closed",
}
ACCESS_TYPE = {
    Access.OPEN: "Public",
    Access.MEMBERS: "Membership",
    Access.ON_REQUEST: "Restricted with public hours",
    Access.INTERNAL: "Restricted",
}
WHEELCHAIR = {
    Wheelchair.YES: "Wheelchair accessible",
    Wheelchair.LIMITED: "Partly wheelchair accessible",
    Wheelchair.NO: "Not wheelchair accessible",
}
# Each equipment category → the manufacturing process OKW names by its Wikipedia article.
PROCESSES = {
    "3d_printing": "3D_printing",
    "laser_cutting": "Laser_cutting",
    "cnc_milling": "Milling_(machining)",
    "electronics": "Soldering",
    "3d_scanning": "3D_scanning",
    "textile": "Sewing",
    "wood": "Woodworking",
    "metal": "Metalworking",
    "printing": "Printing",
}


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _machines(workshop_ids) -> dict[int, list[dict]]:
    """{workshop id: its machines as plain rows with their type's references}, in one query."""
    rows = (
        Equipment.objects.filter(workshop_id__in=workshop_ids)
        .order_by("type__category", "type__name", "pk")
        .values(
            "workshop_id",
            "brand",
            "model",
            "quantity",
            "requires_training",
            "power_w",
            "type__name_en",
            "type__name",
            "type__category",
            "type__wikipedia_url",
            "type__wikidata_id",
        )
    )
    machines = defaultdict(list)
    for row in rows:
        machines[row["workshop_id"]].append(row)
    return machines


def equipment(row: dict, facility_access: str) -> dict | None:
    """One machine as OKW equipment; None when its type has no Wikipedia article to name it by."""
    if not row["type__wikipedia_url"]:
        return None
    item = {
        "equipmentType": row["type__wikipedia_url"],
        "description": row["type__name_en"] or row["type__name"],
        "quantity": row["quantity"],
    }
    if row["type__wikidata_id"]:
        item["equipmentTypeWikidata"] = f"http://www.wikidata.org/entity/{row['type__wikidata_id']}"
    process = PROCESSES.get(row["type__category"])
    if process:
        item["manufacturingProcess"] = WIKIPEDIA + process
    if row["brand"]:
        item["make"] = row["brand"]
    if row["model"]:
        item["model"] = row["model"]
    if row["power_w"]:
        item["powerRating"] = row["power_w"]
    # A machine that needs training first is open only to those trained on it.
    access = "Restricted" if row["requires_training"] else facility_access
    if access:
        item["accessType"] = access
    return item


def facility(workshop, machines: list[dict]) -> dict:
    """One workshop as an OKW manufacturing facility."""
    address = {"country": "France"}
    if workshop.street:
        address["street"] = workshop.street
    if workshop.commune_id:
        address["city"] = workshop.commune.name
    if workshop.region_id:
        address["region"] = workshop.region.name
    if workshop.postal_code:
        address["postcode"] = workshop.postal_code
    location = {"address": address}
    if workshop.latitude is not None:
        location["gpsCoordinates"] = f"{workshop.latitude:.6f}, {workshop.longitude:.6f}"
    item = {
        "name": workshop.name,
        "url": settings.SITE_URL + reverse("workshops:detail", args=[workshop.slug]),
        "location": location,
        "facilityStatus": FACILITY_STATUS.get(workshop.activity_status, "Active"),
    }
    contact = {key: value for key, value in (("email", workshop.email), ("phone", workshop.phone)) if value}
    if workshop.website:
        contact["website"] = workshop.website
    if contact:
        item["contact"] = {"name": workshop.name, **contact}
    if workshop.summary or workshop.description:
        item["description"] = workshop.summary or workshop.description
    if workshop.opening_hours:
        item["openingHours"] = workshop.opening_hours
    access = ACCESS_TYPE.get(workshop.access, "")
    if access:
        item["accessType"] = access
    if workshop.wheelchair:
        item["wheelchairAccessibility"] = WHEELCHAIR[workshop.wheelchair]
    if workshop.surface_m2:
        item["floorSize"] = workshop.surface_m2
    items = [e for e in (equipment(row, access) for row in machines) if e]
    if items:
        item["equipment"] = items
        processes = sorted({e["manufacturingProcess"] for e in items if "manufacturingProcess" in e})
        if processes:
            item["manufacturingProcesses"] = processes
    return item


def chunks(workshops, export) -> Iterator[str]:
    """The collection document: metadata, then the facilities, streamed by chunks of workshops."""
    header = {
        "okwVersion": "1.0",
        "specification": SPECIFICATION_URL,
        "source": settings.SITE_URL,
        "exportedOn": export.exported_on.isoformat(),
        "licence": export.licence,
    }
    yield json.dumps(header, ensure_ascii=False)[:-1] + ', "facilities": ['
    separator, batch = "", []
    for workshop in workshops:
        batch.append(workshop)
        if len(batch) == CHUNK_SIZE:
            yield separator + _write(batch)
            separator, batch = ",\n", []
    if batch:
        yield separator + _write(batch)
    yield "]}\n"


def _write(batch) -> str:
    machines = _machines([w.pk for w in batch])
    return ",\n".join(json.dumps(facility(w, machines.get(w.pk, [])), ensure_ascii=False) for w in batch)
