import pytest
from django.urls import reverse

from tests.factories import EquipmentFactory, equipment_type
from workshops.models import Equipment, Workshop

pytestmark = pytest.mark.django_db

DETAIL = reverse("api:workshop-detail", args=["plateforme-c"])
EQUIPMENT = reverse("api:equipment-list", args=["plateforme-c"])
EXPECTED_WRITE_STATUS = {"anonymous": 401, "other_manager": 403, "manager": 200, "staff": 200}


def machine_url(equipment):
    return reverse("api:equipment-detail", args=["plateforme-c", equipment.pk])


@pytest.mark.parametrize("persona", EXPECTED_WRITE_STATUS)
def test_only_managers_and_staff_patch_a_workshop(personas, workshop, persona):
    response = personas[persona].patch(DETAIL, {"version": 1, "summary": "Nouveau résumé"}, format="json")
    assert response.status_code == EXPECTED_WRITE_STATUS[persona], response.content
    workshop.refresh_from_db()
    if response.status_code == 200:
        assert response.json()["summary"] == "Nouveau résumé"
        assert response.json()["version"] == 2
        assert (workshop.summary, workshop.version) == ("Nouveau résumé", 2)
    else:
        assert (workshop.summary, workshop.version) == ("Un atelier de fabrication numérique ouvert à tous.", 1)


def test_anonymous_writes_are_told_how_to_authenticate(anonymous, workshop):
    response = anonymous.patch(DETAIL, {"version": 1}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_stale_version_is_409_with_the_current_version_and_nothing_written(as_manager, workshop, manager):
    assert as_manager.patch(DETAIL, {"version": 1, "name": "Premier"}, format="json").status_code == 200
    response = as_manager.patch(DETAIL, {"version": 1, "name": "Second", "phone": "02 40 00 00 00"}, format="json")
    assert response.status_code == 409
    assert response.json()["version"] == 2
    assert response.json()["changed_fields"] == ["name"]
    workshop.refresh_from_db()
    assert (workshop.name, workshop.phone, workshop.version) == ("Premier", "", 2)


def test_the_version_is_required(as_manager, workshop):
    response = as_manager.patch(DETAIL, {"name": "Sans version"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"opening_hours": "tous les jours"}, "opening_hours"),
        ({"services": ["teleportation"]}, "services"),
        ({"postal_code": "75001"}, "postal_code"),
        ({"latitude": 47.2}, "longitude"),
        ({"commune": "00000"}, "commune"),
        ({"access": "sometimes"}, "access"),
        ({"website": "not a url"}, "website"),
        ({"phone": "abc def"}, "phone"),
    ],
)
def test_bad_values_are_400_naming_the_field_and_nothing_is_written(as_manager, workshop, changes, field):
    response = as_manager.patch(DETAIL, {"version": 1, **changes}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    workshop.refresh_from_db()
    assert workshop.version == 1


TOULOUSE = {"latitude": 43.6, "longitude": 1.44}
RENNES = {"commune": "35238", "postal_code": "35000"}
EXPECTED_FAR_PIN_STATUS = {"anonymous": 401, "other_manager": 403, "manager": 400, "staff": 400}


@pytest.mark.parametrize("persona", EXPECTED_FAR_PIN_STATUS)
def test_a_pin_far_from_the_commune_is_400_naming_the_position_and_the_distance(personas, workshop, persona):
    """The address form's rule: a pin in Toulouse for a workshop in Nantes is refused, nothing written."""
    history = workshop.history.count()
    response = personas[persona].patch(DETAIL, {"version": 1, **TOULOUSE}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == EXPECTED_FAR_PIN_STATUS[persona], response.content
    if response.status_code == 400:
        message = "The pin is 465 km from Nantes: place it at the workshop's door, or check the commune."
        assert response.json() == {"latitude": [message], "longitude": [message]}
    workshop.refresh_from_db()
    assert (workshop.latitude, workshop.longitude, workshop.version) == (47.2184, -1.5536, 1)
    assert workshop.history.count() == history


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        (RENNES, ["commune"]),  # the pin stays in Nantes
        ({**RENNES, **TOULOUSE}, ["latitude", "longitude"]),
    ],
)
def test_a_new_commune_is_checked_against_the_pin_it_leaves(as_manager, workshop, changes, fields):
    response = as_manager.patch(DETAIL, {"version": 1, **changes}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert sorted(response.json()) == fields
    assert response.json()[fields[0]][0].startswith("L’épingle est à ")
    assert " km de Rennes : placez-la" in response.json()[fields[0]][0]
    workshop.refresh_from_db()
    assert (workshop.commune_id, workshop.version) == ("44109", 1)


@pytest.mark.parametrize(
    "changes",
    [
        {"latitude": 47.2, "longitude": -1.6},  # across Nantes
        {**RENNES, "latitude": 48.11, "longitude": -1.68},  # moved to Rennes, pin and all
    ],
)
def test_a_pin_near_its_commune_is_saved(as_manager, workshop, changes):
    response = as_manager.patch(DETAIL, {"version": 1, **changes}, format="json")
    assert response.status_code == 200, response.content
    workshop.refresh_from_db()
    assert (workshop.latitude, workshop.longitude, workshop.version) == (changes["latitude"], changes["longitude"], 2)


def test_a_change_elsewhere_leaves_an_old_far_pin_alone(as_manager, workshop):
    """An imported pin already far from its commune does not block a change of the phone."""
    Workshop.objects.filter(pk=workshop.pk).update(**TOULOUSE)
    assert as_manager.patch(DETAIL, {"version": 1, "phone": "02 40 00 00 00"}, format="json").status_code == 200


def test_private_fields_cannot_be_written_through_the_public_api(as_manager, workshop):
    response = as_manager.patch(DETAIL, {"version": 1, "status": "published", "yearly_budget_eur": 1}, format="json")
    assert response.status_code == 200
    workshop.refresh_from_db()
    assert workshop.yearly_budget_eur is None


def test_changes_are_recorded_in_the_history_with_their_author(as_manager, workshop, manager):
    as_manager.patch(DETAIL, {"version": 1, "phone": "02 40 00 00 00"}, format="json")
    latest = workshop.history.latest()
    assert latest.history_user == manager
    assert latest.phone == "02 40 00 00 00"


def test_a_manager_may_edit_their_unpublished_workshop(as_manager, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(status="draft")
    assert as_manager.patch(DETAIL, {"version": 1, "name": "Brouillon"}, format="json").status_code == 200


def test_session_writes_need_the_csrf_token(client, workshop, manager):
    from rest_framework.test import APIClient

    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(manager)
    response = browser.patch(DETAIL, {"version": 1, "name": "Sans jeton"}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Connecté par la session, une modification demande son jeton CSRF (l’en-tête X-CSRFToken) ; "
        "ou utilisez un jeton d’API."
    )


@pytest.mark.parametrize(("language", "detail"), [("fr", "Non trouvé."), ("en", "Not found.")])
def test_an_unknown_workshop_s_machines_are_a_404_in_the_request_s_language(anonymous, workshop, language, detail):
    response = anonymous.get(reverse("api:equipment-list", args=["nulle-part"]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json() == {"detail": detail}  # not Django's "No Workshop matches the given query."


def test_a_nul_character_is_refused_in_the_request_s_language(anonymous):
    english = anonymous.get("/api/v1/workshops/?q=a%00b", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json() == {"q": ["The parameter “q” holds a NUL character, which no value may contain."]}
    french = anonymous.get("/api/v1/workshops/?q=a%00b", HTTP_ACCEPT_LANGUAGE="fr")
    assert french.json()["q"][0].startswith("Le paramètre « q »")


def test_writes_get_no_cross_origin_permission(as_manager, workshop):
    response = as_manager.options(
        DETAIL, HTTP_ORIGIN="https://ailleurs.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH"
    )
    assert "PATCH" not in response.get("Access-Control-Allow-Methods", "")


class TestEquipment:
    @pytest.fixture
    def machine(self, workshop):
        return EquipmentFactory(workshop=workshop, type=equipment_type("imprimante-3d-fdm"))

    @pytest.mark.parametrize("persona", EXPECTED_WRITE_STATUS)
    def test_everyone_reads_the_equipment(self, personas, machine, persona):
        response = personas[persona].get(EQUIPMENT)
        assert response.status_code == 200
        assert [m["type"] for m in response.json()["results"]] == ["imprimante-3d-fdm"]

    @pytest.mark.parametrize("persona", EXPECTED_WRITE_STATUS)
    def test_only_managers_and_staff_add_a_machine(self, personas, workshop, persona, manager, staff):
        body = {"type": "decoupeuse-laser-co2", "brand": "Trotec", "quantity": 2}
        response = personas[persona].post(EQUIPMENT, body, format="json")
        expected = {"anonymous": 401, "other_manager": 403, "manager": 201, "staff": 201}[persona]
        assert response.status_code == expected, response.content
        created = Equipment.objects.filter(workshop=workshop, brand="Trotec")
        assert created.exists() == (expected == 201)
        if expected == 201:
            assert response.json()["category"] == "laser_cutting"
            author = {"manager": manager, "staff": staff}[persona]
            assert created.get().history.latest().history_user == author

    @pytest.mark.parametrize("persona", EXPECTED_WRITE_STATUS)
    def test_only_managers_and_staff_change_a_machine(self, personas, machine, persona):
        response = personas[persona].patch(machine_url(machine), {"quantity": 3}, format="json")
        assert response.status_code == EXPECTED_WRITE_STATUS[persona]
        machine.refresh_from_db()
        assert machine.quantity == (3 if response.status_code == 200 else 1)

    @pytest.mark.parametrize("persona", EXPECTED_WRITE_STATUS)
    def test_only_managers_and_staff_remove_a_machine(self, personas, machine, persona, manager):
        response = personas[persona].delete(machine_url(machine))
        expected = {"anonymous": 401, "other_manager": 403, "manager": 204, "staff": 204}[persona]
        assert response.status_code == expected
        assert Equipment.objects.filter(pk=machine.pk).exists() == (expected != 204)
        if persona == "manager":
            assert Equipment.history.filter(id=machine.pk, history_type="-").get().history_user == manager

    def test_bad_values_name_the_field(self, as_manager, workshop):
        response = as_manager.post(EQUIPMENT, {"type": "teleporteur", "quantity": 0}, format="json")
        assert response.status_code == 400
        assert set(response.json()) == {"type", "quantity"}

    def test_a_machine_of_another_workshop_is_404(self, as_manager, other_manager):
        elsewhere = EquipmentFactory(workshop=Workshop.objects.get(slug="autre-atelier"))
        assert as_manager.patch(machine_url(elsewhere), {"quantity": 2}, format="json").status_code == 404

    def test_an_unknown_workshop_is_404(self, anonymous):
        assert anonymous.get(reverse("api:equipment-list", args=["nulle-part"])).status_code == 404

    def test_put_is_not_offered(self, as_manager, machine):
        assert as_manager.put(machine_url(machine), {"type": "imprimante-3d-fdm"}, format="json").status_code == 405

    def test_the_list_query_count_does_not_depend_on_the_page_size(
        self, anonymous, workshop, django_assert_num_queries
    ):
        for _ in range(6):
            EquipmentFactory(workshop=workshop)
        # workshop, count, page with types
        with django_assert_num_queries(3):
            assert len(anonymous.get(f"{EQUIPMENT}?page_size=2").json()["results"]) == 2
        with django_assert_num_queries(3):
            assert len(anonymous.get(f"{EQUIPMENT}?page_size=100").json()["results"]) == 6
