"""The real CGET 2019 census file: every fablab row imported, in its department, idempotently."""

import csv

import pytest
from django.http import QueryDict

from officials import coverage
from officials.scopes import scope_for, territory_from
from territories.models import Commune
from tests.factories import UserFactory
from workshops.geo import haversine_km
from workshops.importers import cget, fablabs
from workshops.importers.cleaning import department_of_postal_code
from workshops.importers.matching import similar_names
from workshops.models import PossibleDuplicate, Workshop, WorkshopSource

from .test_trust import PAYLOAD, directory, forget_everything

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
    # One place listed twice ("Plateforme C" and "Platforme C", 104 m apart) is one workshop.
    assert report.created + report.linked == len(rows) and report.created == Workshop.objects.count()
    assert WorkshopSource.objects.filter(source=cget.SOURCE).count() == len(rows)
    # Two communes merged since 2019, one named by its code, one by its name alone.
    merged = {w.source_id: w.commune_id for w in Workshop.objects.filter(name__in=["zBis", "Team Frog"])}
    assert sorted(merged.values()) == ["49307", "85146"]  # Loire-Authion, Montaigu-Vendée
    assert "Saint-Georges-de-Montaigu" in " ".join(
        e.reason for e in report.of("suspicious") if e.code == "former_commune"
    )
    # The agreeing evidence wins over the census's INSEE code.
    placed = {w.name: (w.commune_id, w.status) for w in Workshop.objects.filter(source_id__in=["1460", "1453", "1347"])}
    assert placed == {
        "SICTIAM": ("06152", "published"),  # Valbonne, not Hérouville-Saint-Clair (838 km away)
        "Liffab": ("35152", "pending"),  # Liffré; its geocoded position is in Rennes: held
        "Eirlab Community": ("33522", "published"),  # Talence, not Pessac
    }
    corrected = {"1460", "1453", "1347", "1211"}  # 1211: Le Fablab de Jarry, whose code names the next commune
    for workshop in Workshop.objects.select_related("commune"):
        row = rows[workshop.source_id]
        if workshop.source_id in corrected:
            continue
        if row["INSEECOM"] in current:
            expected = Commune.objects.get(code=row["INSEECOM"]).department_id
        else:  # found by postal code and name (INSEEDEP is wrong in some rows: "2A" for La Réunion)
            expected = department_of_postal_code(row["CP"]) if row["CP"] != "0" else row["INSEEDEP"]
        assert workshop.department_id == expected, (workshop.source_id, workshop.name)
        assert not workshop.memberships.exists()
        assert not workshop.website or workshop.website.startswith(("http://", "https://"))
    assert {w.name for w in Workshop.objects.exclude(status="published")} == {"Liffab", "Team Frog"}


def test_most_census_fablabs_get_a_provisional_archetype_with_reasons(real_cget_file):
    cget.import_file(real_cget_file)

    workshops = list(Workshop.objects.all())
    classified = [w for w in workshops if w.archetype]
    assert len(classified) >= 0.6 * len(workshops)
    for workshop in classified:
        summary, *reasons = workshop.archetype_reasons
        assert summary["provisional"] and any(r["kind"] == "provisional" for r in reasons)


def test_officials_count_the_census_fablabs_as_provisionally_open_to_the_public(real_cget_file):
    cget.import_file(real_cget_file)

    france = territory_from(QueryDict(), scope_for(UserFactory(is_staff=True)))
    published = Workshop.objects.published()
    public = coverage.open_to_the_public(published)
    assert (public.workshops, public.provisional) == (342, 342)  # no manager has declared an access yet
    departments = coverage.coverage_by_department(published, france)
    assert (len(coverage.uncovered(departments)), len(coverage.only_provisional(departments))) == (12, 89)
    epcis = coverage.coverage_by_epci(published, france)
    assert (len(coverage.uncovered(epcis)), len(coverage.only_provisional(epcis))) == (1082, 173)


def close_alike_pairs():
    """Published workshops within 300 m with similar names that staff did not keep apart."""
    published = list(Workshop.objects.published().exclude(latitude=None))
    kept_apart = {
        frozenset(pair)
        for pair in PossibleDuplicate.objects.filter(state="kept_apart").values_list("first_id", "second_id")
    }
    return [
        (a.name, b.name)
        for index, a in enumerate(published)
        for b in published[index + 1 :]
        if abs(a.latitude - b.latitude) < 0.01
        and haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= 0.3
        and similar_names(a.name, b.name)
        and frozenset((a.pk, b.pk)) not in kept_apart
    ]


def test_no_two_published_workshops_within_300_m_have_similar_names(real_cget_file):
    cget.import_file(real_cget_file)

    assert close_alike_pairs() == []


def test_it_changes_nothing_on_a_second_import(real_cget_file):
    first = cget.import_file(real_cget_file)
    versions = dict(Workshop.objects.values_list("pk", "version"))

    second = cget.import_file(real_cget_file)

    assert (second.created, second.updated, second.linked) == (0, 0, 0)
    assert second.unchanged == first.created + first.linked
    assert dict(Workshop.objects.values_list("pk", "version")) == versions


def test_census_and_fablabs_in_either_order_give_the_same_workshops_none_alike_within_300_m(real_cget_file):
    cget.import_file(real_cget_file)
    fablabs.import_file(PAYLOAD)
    census_first = directory()
    assert close_alike_pairs() == []
    forget_everything()

    fablabs.import_file(PAYLOAD)
    cget.import_file(real_cget_file)

    assert directory() == census_first
    assert close_alike_pairs() == []
    census = Workshop.objects.filter(sources__source=cget.SOURCE)
    placed = {w.source_id: (w.commune_id, w.status) for w in census.filter(sources__source_id__in=["1460", "1347"])}
    assert sorted(placed.values()) == [("06152", "published"), ("33522", "published")]  # Valbonne, Talence
    # fablabs.io agrees with the census's postal code and commune: Liffab is published in Liffré.
    assert Workshop.objects.filter(name="Liffab").values_list("commune_id", "status").get() == ("35152", "published")
