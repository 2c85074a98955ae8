"""History of a profile and its equipment, shown to managers; staff revert; likely duplicates."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from moderation.models import ModerationDecision
from tests.factories import EquipmentFactory, MembershipFactory, UserFactory, WorkshopFactory, commune, equipment_type
from workshops.editing import save_profile
from workshops.manage.duplicates import likely_duplicates, similar_names
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


def test_managers_see_who_changed_what_on_the_profile_and_the_equipment(client):
    membership = MembershipFactory(user=UserFactory(first_name="Alice"))
    workshop = membership.workshop
    save_profile(workshop, {"opening_hours": "Sa 10:00-12:00"}, expected_version=1, user=membership.user)
    client.force_login(membership.user)
    client.post(
        f"/manage/{workshop.slug}/equipment/",
        {
            "equipment-TOTAL_FORMS": 1,
            "equipment-INITIAL_FORMS": 0,
            "equipment-0-type": EquipmentFactory.build().type.pk,
            "equipment-0-quantity": 2,
        },
    )
    response = client.get(f"/manage/{workshop.slug}/history/")
    html = response.content.decode()
    assert "Sa 10:00-12:00" in html and "Tu-Sa 10:00-18:00" in html
    assert "Alice" in html
    equipment_entries = [
        e for e in response.context["entries"] if e["record"]._meta.model_name == "historicalequipment"
    ]
    assert equipment_entries[0]["user"] == membership.user


def _changes(response, title_start):
    # The field names are lazy: read in the language the page was answered in.
    with translation.override(response["Content-Language"]):
        entry = next(e for e in response.context["entries"] if str(e["title"]).startswith(title_start))
        return {str(c["field"]): (c["old"], c["new"]) for c in entry["changes"]}


def test_the_history_says_the_values_as_the_forms_do_in_the_page_s_language(client):
    membership = MembershipFactory()
    workshop = membership.workshop
    changes = {
        "audiences": ["general_public", "students"],
        "carrier_type": "local_authority",
        "staff_fte": Decimal("1.5"),
        "yearly_budget_eur": 12000,
        "commune": commune("35238"),
        "postal_code": "35000",
    }
    save_profile(workshop, changes, expected_version=1, user=membership.user)
    machine = EquipmentFactory(workshop=workshop, type=equipment_type("imprimante-3d-fdm"))
    machine.quantity = 3
    machine.save()
    client.force_login(membership.user)
    french = _changes(client.get(f"/manage/{workshop.slug}/history/", HTTP_ACCEPT_LANGUAGE="fr"), "Fiche")
    assert french["publics"][1] == "Grand public, Étudiants"
    assert french["type de structure porteuse"][1] == "Collectivité territoriale"
    assert french["salariés (équivalents temps plein)"][1] == "1,5"
    assert french["budget annuel (€)"][1] == "12\xa0000"
    assert "version des règles d’archétype" not in french  # bookkeeping, not the managers' change
    assert french["commune"][1].startswith("Rennes")
    english = client.get(f"/manage/{workshop.slug}/history/", HTTP_ACCEPT_LANGUAGE="en")
    assert _changes(english, "Profile")["audiences"][1] == "General public, Students"
    assert "Equipment: FDM 3D printer" in english.content.decode()


def test_staff_revert_a_profile_to_an_earlier_version_and_it_is_logged(client):
    workshop = WorkshopFactory(summary="Le bon résumé")
    save_profile(workshop, {"summary": "Vandalisé", "name": "Nom vandalisé"}, expected_version=1)
    first = workshop.history.earliest()
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.post(f"/manage/{workshop.slug}/history/{first.history_id}/revert/")
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.summary, workshop.name, workshop.version) == ("Le bon résumé", first.name, 3)
    assert workshop.status == Status.PUBLISHED
    assert workshop.history.first().history_user == staff
    assert ModerationDecision.objects.get().action == "revert"


def test_the_revert_message_gives_the_version_s_time_as_the_history_lists_it(client):
    workshop = WorkshopFactory()
    save_profile(workshop, {"summary": "Vandalisé"}, expected_version=1)
    first = workshop.history.earliest()
    workshop.history.filter(history_id=first.history_id).update(
        history_date=datetime(2026, 12, 7, 13, 35, tzinfo=UTC)  # 14:35 in Paris
    )
    client.force_login(UserFactory(is_staff=True))
    response = client.post(f"/manage/{workshop.slug}/history/{first.history_id}/revert/", follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert "14:35" in message and "13:35" not in message
    assert "14:35" in response.content.decode()


def test_a_revert_of_another_workshops_record_is_404(client):
    workshop, other = WorkshopFactory(), WorkshopFactory()
    client.force_login(UserFactory(is_staff=True))
    record = other.history.earliest()
    assert client.post(f"/manage/{workshop.slug}/history/{record.history_id}/revert/").status_code == 404


@pytest.mark.parametrize(
    ("first", "second", "similar"),
    [
        ("Fablab de la Gare", "FabLab La Gare", True),
        ("Le Bazar Numérique", "Bazar numerique", True),
        ("Atelier du Château", "Repair Café Nord", False),
        ("Fablab", "Fab Lab", True),
    ],
)
def test_it_compares_names_without_generic_words_or_accents(first, second, similar):
    assert similar_names(first, second) is similar


def test_a_duplicate_is_the_same_siret_anywhere_or_a_similar_name_within_200_m():
    same_siret = WorkshopFactory(name="Autre nom", siret="73282932000074", latitude=48.85, longitude=2.35)
    near = WorkshopFactory(name="Le Bazar", latitude=47.2184, longitude=-1.5536)
    WorkshopFactory(name="Le Bazar", latitude=47.2300, longitude=-1.5536)  # 1.3 km away
    WorkshopFactory(name="Tout autre chose", latitude=47.2185, longitude=-1.5536)
    WorkshopFactory(name="Le Bazar", latitude=47.2184, longitude=-1.5537, status=Status.DRAFT)
    draft = WorkshopFactory.build(name="Bazar", siret="73282932000074", latitude=47.2190, longitude=-1.5540)
    assert {w.pk for w in likely_duplicates(draft)} == {same_siret.pk, near.pk}
