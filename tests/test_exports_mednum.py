"""The mednum-csv export against the national schema of lieux de médiation numérique (v1.0.2)."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from tests.factories import UserFactory, WorkshopFactory, commune
from workshops import exports, mednum
from workshops.models import Workshop

SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "data" / "schemas"
SCHEMA = SCHEMAS / "lieux-mediation-numerique.schema.json"

pytestmark = pytest.mark.django_db


def _validate(tmp_path, content):
    frictionless = pytest.importorskip("frictionless")
    if not SCHEMA.exists():
        pytest.skip(f"The national schema is not at {SCHEMA} (../shared/data/ is absent).")
    (tmp_path / "export.csv").write_text(content, encoding="utf-8")
    schema = frictionless.Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return frictionless.Resource(path="export.csv", basepath=str(tmp_path), schema=schema).validate()


def _export(queryset):
    export = exports.build("mednum-csv", queryset, private=True)
    return export, "".join(export.chunks)


@pytest.fixture
def rich_workshop():
    """A workshop that uses every mapped field, including the values near the schema's defects."""
    return WorkshopFactory(
        slug="fablab-complet",
        siret="73282932000074",
        phone="02 40 12 34 56",
        email="contact@fablab.example.fr",
        website="https://fablab.example.fr",
        description="Un fablab associatif.",
        address_extra="Bâtiment B",
        services=["open_lab", "training", "digital_inclusion", "coworking"],
        audiences=["children", "students", "seniors", "companies"],
        labels=["fabrique_de_territoire", "france_services", "grande_ecole_numerique", "rfflabs"],
        pricing="free",
        access="on_request",
        verified_at="2026-03-01T10:00:00+01:00",
    )


def test_it_validates_against_the_national_schema(tmp_path, rich_workshop):
    WorkshopFactory(
        slug="association-rna",
        rna="W441234567",
        commune=commune("97411"),
        postal_code="97400",
        latitude=-20.88,
        longitude=55.45,
        phone="0262 12 34 56",
        access="internal",
    )
    export, content = _export(Workshop.objects.all())
    report = _validate(tmp_path, content)
    assert report.valid, [error.message for task in report.tasks for error in task.errors]
    assert export.report == []
    assert content.count("\r\n") == 3  # header + two workshops


def test_it_maps_fields_with_care(rich_workshop):
    row, missing = mednum.record(Workshop.objects.select_related("commune").get(pk=rich_workshop.pk))
    assert missing == ()
    assert row["pivot"] == "73282932000074"
    assert row["telephone"] == "+33240123456"
    assert row["horaires"] == "Tu-Sa 10:00-18:00"
    assert row["code_insee"] == "44109"
    assert row["date_maj"] == "2026-03-01"
    # The pattern's spelling, not the description's "Comprehension".
    assert row["services"] == (
        "Loisirs et créations numériques|Compréhension du monde numérique|Maîtrise des outils numériques du quotidien"
    )
    assert row["publics_specifiquement_adresses"] == "Jeunes|Étudiants|Seniors"
    assert row["formations_labels"] == "Fabriques de Territoire"
    assert "Étapes numériques" not in row["formations_labels"]
    assert row["dispositif_programmes_nationaux"] == "France Services|Grande école du numérique"
    assert row["autres_formations_labels"] == "Membre du RFFLabs"
    assert row["frais_a_charge"] == "Gratuit"
    assert row["modalites_acces"] == "Contacter par mail|Téléphoner"
    assert "itinerance" not in row  # unknown: never guessed


def test_it_dials_overseas_numbers_with_their_own_code():
    assert mednum.phone("0262 12 34 56", "04") == "+262262123456"
    assert mednum.phone("+33 6 12 34 56 78", "52") == "+33612345678"
    assert mednum.phone("12", "52") == ""


def test_it_reports_workshops_lacking_a_required_field_instead_of_emitting_them(tmp_path, rich_workshop):
    WorkshopFactory(slug="sans-siret", name="Sans SIRET")
    WorkshopFactory(slug="sans-adresse", name="Sans adresse", siret="73282932000074", street="", postal_code="")
    export, content = _export(Workshop.objects.all())
    assert _validate(tmp_path, content).valid
    assert "sans-siret" not in content and "sans-adresse" not in content
    with translation.override("en"):
        problems = {p.slug: [str(m) for m in p.missing] for p in export.report}
    assert problems == {
        "sans-siret": ["SIRET, SIREN or RNA number"],
        "sans-adresse": ["postal code (5 digits)", "street address"],
    }


def test_the_command_prints_the_report(rich_workshop, tmp_path):
    WorkshopFactory(slug="sans-siret", name="Sans SIRET")
    err = io.StringIO()
    target = tmp_path / "mednum.csv"
    with translation.override("en"):
        call_command("export_workshops", "--format", "mednum-csv", "-o", str(target), stderr=err)
    assert "Left out sans-siret (Sans SIRET): missing SIRET, SIREN or RNA number." in err.getvalue()
    assert _validate(tmp_path, target.read_text(encoding="utf-8")).valid


def test_officials_download_it_from_the_dashboard(client, rich_workshop):
    user = UserFactory(username="official44")
    user.official_scopes.create(department_id="44")
    client.force_login(user)
    response = client.get("/officials/export.mednum-csv", {"department": "44"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ateliers-loire-atlantique-44-mednum-')
    assert b"fablab-complet" in b"".join(response.streaming_content)
