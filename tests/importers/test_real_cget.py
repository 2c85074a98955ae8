"""The real CGET 2019 census file: every fablab row imported, in its department, idempotently."""

import csv

import pytest

from territories.models import Commune
from workshops.importers import cget
from workshops.importers.cleaning import department_of_postal_code
from workshops.models import Workshop, WorkshopSource

pytestmark = pytest.mark.django_db


def fablab_rows(path):
    with path.open(encoding="utf-8") as handle:
        return {row["ID"]: row for row in csv.DictReader(handle) if cget.is_fablab(row["TYPO"])}


def test_it_imports_every_valid_fablab_row_in_its_department(real_cget_file):
    rows = fablab_rows(real_cget_file)
    current = set(
        Commune.objects.filter(code__in=[r["INSEECOM"] for r in rows.values()]).values_list("code", flat=True)
    )

    report = cget.import_file(real_cget_file)

    assert len(rows) == 345
    assert [e for e in report.of("skipped") if e.code != "not_fablab"] == []
    assert report.created == len(rows) == Workshop.objects.count()
    # Two communes merged since 2019, one named by its code, one by its name alone.
    merged = {w.source_id: w.commune_id for w in Workshop.objects.filter(name__in=["zBis", "Team Frog"])}
    assert sorted(merged.values()) == ["49307", "85146"]  # Loire-Authion, Montaigu-Vendée
    assert "Saint-Georges-de-Montaigu" in " ".join(
        e.reason for e in report.of("suspicious") if e.code == "former_commune"
    )
    for workshop in Workshop.objects.select_related("commune"):
        row = rows[workshop.source_id]
        if row["INSEECOM"] in current:
            expected = Commune.objects.get(code=row["INSEECOM"]).department_id
        else:  # found by postal code and name (INSEEDEP is wrong in some rows: "2A" for La Réunion)
            expected = department_of_postal_code(row["CP"]) if row["CP"] != "0" else row["INSEEDEP"]
        assert workshop.department_id == expected, (workshop.source_id, workshop.name)
        assert workshop.status == "published"
        assert not workshop.memberships.exists()
        assert not workshop.website or workshop.website.startswith(("http://", "https://"))
    assert WorkshopSource.objects.filter(source=cget.SOURCE).count() == report.created


def test_it_changes_nothing_on_a_second_import(real_cget_file):
    first = cget.import_file(real_cget_file)
    versions = dict(Workshop.objects.values_list("pk", "version"))

    second = cget.import_file(real_cget_file)

    assert (second.created, second.updated, second.linked) == (0, 0, 0)
    assert second.unchanged == first.created
    assert dict(Workshop.objects.values_list("pk", "version")) == versions
