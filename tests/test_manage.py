"""Registering a workshop step by step, editing its profile and equipment, conflicts, confirmation."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from tests.factories import EquipmentFactory, MembershipFactory, UserFactory, WorkshopFactory, commune, equipment_type
from workshops.models import Equipment, ManagerInvitation, Membership, Workshop
from workshops.search import sort_key
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _identity(**extra):
    return {
        "version": 1,
        "name": "Le Bazar Numérique",
        "carrier_type": "association",
        "activity_status": "active",
        **extra,
    }


def test_it_registers_a_workshop_as_a_draft_at_every_step(client, manager, fake_geocoder):
    response = client.post("/manage/new/", _identity())
    workshop = Workshop.objects.get(name="Le Bazar Numérique")
    assert response.url == f"/manage/{workshop.slug}/edit/address/"
    assert workshop.status == Status.DRAFT
    assert Membership.objects.get(workshop=workshop).user == manager

    fake_geocoder.add("3 rue Kervégan 44000 Nantes", 47.2131, -1.5546)
    response = client.post(
        response.url,
        {"version": 1, "street": "3 rue Kervégan", "postal_code": "44000", "commune_choice": "Nantes (44)"},
    )
    workshop.refresh_from_db()
    assert response.url == f"/manage/{workshop.slug}/edit/access/"
    assert (workshop.commune_id, workshop.postal_code, workshop.region_id) == ("44109", "44000", "52")
    assert (workshop.latitude, workshop.location_source) == (47.2131, "geocoder")

    response = client.post(
        response.url,
        {
            "version": workshop.version,
            "access": "open",
            "pricing": "free",
            "opening_hours": "Mo-Fr 10:00-18:00; Sa 14:00-18:00",
            "services": ["open_lab", "training"],
            "audiences": ["general_public"],
        },
    )
    assert response.url == f"/manage/{workshop.slug}/equipment/"
    workshop.refresh_from_db()
    assert workshop.services == ["open_lab", "training"]

    laser = equipment_type("decoupeuse-laser-co2")
    printer = equipment_type("imprimante-3d-fdm")
    data = {
        "equipment-TOTAL_FORMS": 2,
        "equipment-INITIAL_FORMS": 0,
        "equipment-0-type": laser.pk,
        "equipment-0-quantity": 1,
        "equipment-0-brand": "Trotec",
        "equipment-1-type": printer.pk,
        "equipment-1-quantity": 3,
    }
    response = client.post(response.url, data)
    assert response.url == f"/manage/{workshop.slug}/photos/"
    assert workshop.equipment.count() == 2

    # Photos are a step of their own, optional: the page says so and leads on.
    page = client.get(response.url).content.decode()
    assert 'aria-current="step"' in page and "Continuer sans photo" in page
    submit_url = f"/manage/{workshop.slug}/submit/"
    assert f'href="{submit_url}"' in page

    response = client.post(submit_url)
    workshop.refresh_from_db()
    assert workshop.status == Status.PENDING


def test_without_a_geocoder_the_pin_places_the_workshop(client, manager, fake_geocoder):
    fake_geocoder.unavailable = True
    workshop = WorkshopFactory(status=Status.DRAFT, latitude=None, longitude=None)
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(
        f"/manage/{workshop.slug}/edit/address/",
        {
            "version": 1,
            "street": "1 quai",
            "commune_choice": "44000",
            "latitude": "47.2",
            "longitude": "-1.55",
            "location_manual": "True",
        },
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.latitude, workshop.location_source) == (47.2, "manual")
    assert fake_geocoder.calls == []


def test_a_pin_far_from_the_commune_chosen_is_refused_and_nothing_is_saved(client, manager, fake_geocoder):
    fake_geocoder.unavailable = True
    workshop = WorkshopFactory(status=Status.DRAFT, latitude=None, longitude=None)
    MembershipFactory(user=manager, workshop=workshop)
    address = {"version": 1, "street": "12 rue de la Paix", "commune_choice": "35000", "location_manual": "True"}
    url = f"/manage/{workshop.slug}/edit/address/"
    toulouse = client.post(url, {**address, "latitude": "43.6", "longitude": "1.44"}, HTTP_ACCEPT_LANGUAGE="en")
    assert toulouse.status_code == 200
    with translation.override("en"):
        errors = str(toulouse.context["form"].errors["latitude"])
    assert "The pin is 555 km from Rennes: place it at the workshop" in errors and "Give both" not in errors
    workshop.refresh_from_db()
    assert workshop.latitude is None
    outskirts = client.post(url, {**address, "latitude": "48.08", "longitude": "-1.60"})  # 4 km from the centre
    assert outskirts.status_code == 302


def test_a_geocoder_outage_is_said_and_the_draft_still_saves(client, manager, fake_geocoder):
    fake_geocoder.unavailable = True
    workshop = WorkshopFactory(status=Status.DRAFT, latitude=None, longitude=None)
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(
        f"/manage/{workshop.slug}/edit/address/",
        {"version": 1, "street": "1 quai", "commune_choice": "Nantes"},
        follow=True,
    )
    assert response.status_code == 200
    workshop.refresh_from_db()
    # Placed at its commune's loaded position meanwhile, and said to be only that precise.
    nantes = workshop.commune
    assert workshop.street == "1 quai" and (workshop.latitude, workshop.longitude) == (
        nantes.latitude,
        nantes.longitude,
    )
    assert workshop.location_precision == "commune"
    messages = [str(m) for m in response.context["messages"]]
    assert any("pin" in m or "épingle" in m for m in messages)
    # The warning is read on the address step itself, where the pin is placed.
    assert response.redirect_chain[-1][0] == f"/manage/{workshop.slug}/edit/address/#location-map"
    assert response.context["section"] == "address"


@pytest.mark.parametrize(
    ("typed", "error"),
    [("Nulle-Part-sur-Mer", "no_commune"), ("Saint-Denis", "ambiguous_commune")],
)
def test_an_unknown_or_ambiguous_commune_is_explained(client, manager, typed, error):
    workshop = WorkshopFactory(status=Status.DRAFT)
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(
        f"/manage/{workshop.slug}/edit/address/", {"version": 1, "street": "1 quai", "commune_choice": typed}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("commune_choice", error)


def test_a_postal_code_of_another_commune_is_refused_by_name(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(
        f"/manage/{workshop.slug}/edit/address/",
        {"version": 1, "street": "1 quai", "commune_choice": "Nantes (44)", "postal_code": "75001"},
    )
    assert response.status_code == 200
    assert "75001" in str(response.context["form"].errors["postal_code"])


def test_a_postal_code_is_checked_against_the_commune_typed_never_the_one_being_replaced(client, manager):
    workshop = WorkshopFactory(commune=commune("35288"), postal_code="35400")  # Saint-Malo
    MembershipFactory(user=manager, workshop=workshop)
    url = f"/manage/{workshop.slug}/edit/address/"
    typed = {"version": 1, "street": "1 quai", "commune_choice": "Nulle-Part-sur-Mer"}
    errors = client.post(url, {**typed, "postal_code": "29200"}).context["form"].errors
    assert "commune_choice" in errors and "postal_code" not in errors  # not "29200 is not Saint-Malo's"
    errors = client.post(url, {**typed, "postal_code": "2A00"}).context["form"].errors
    with translation.override("fr"):  # a lazy message, read in the page's language
        assert errors["postal_code"] == ["Un code postal compte cinq chiffres, par exemple 35000."]
    errors = client.post(url, {**typed, "commune_choice": "Brest", "postal_code": "35400"}).context["form"].errors
    assert "Brest" in errors["postal_code"][0]  # the commune typed


def test_an_invalid_opening_hours_string_names_the_field(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(
        f"/manage/{workshop.slug}/edit/access/",
        {"version": 1, "access": "open", "pricing": "free", "opening_hours": "quand on veut"},
    )
    assert response.status_code == 200
    assert "quand on veut" in str(response.context["form"].errors["opening_hours"])


def test_implausible_figures_are_refused_and_nothing_is_saved(client, manager):
    # "Surface 99 999 999 999 m²" went to the public page; the managers' questionnaire bounds the
    # same figures, and the profile now refuses what it refuses.
    workshop = WorkshopFactory(surface_m2=120, yearly_users=800)
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(
        f"/manage/{workshop.slug}/edit/numbers/",
        {"version": 1, "surface_m2": "99999999999", "yearly_users": "99999999999999", "members": "40"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "inférieure ou égale à 100000" in str(errors["surface_m2"])
    assert "inférieure ou égale à 1000000" in str(errors["yearly_users"])
    assert "99999999999" in response.content.decode(), "the typing is kept for correction"
    workshop.refresh_from_db()
    assert (workshop.surface_m2, workshop.yearly_users, workshop.members, workshop.version) == (120, 800, None, 1)


def test_the_profile_bounds_the_figures_as_the_managers_questionnaire_does():
    from surveys.loader import DIRECTORY, read
    from workshops.models import PLAUSIBLE_MAX

    spec = read(DIRECTORY / "manager.toml")
    bounds = {
        q["profile_field"]: int(float(q["max"]))
        for section in spec["sections"]
        for q in section["questions"]
        if q["profile_field"] in PLAUSIBLE_MAX
    }
    assert bounds == PLAUSIBLE_MAX


@pytest.mark.parametrize(
    ("hours", "problem"),
    [
        ("Mo 09:00-09:00", "“Mo 09:00-09:00”: 09:00–09:00 opens and closes at the same time."),
        ("Mo 09:00-13:00,12:00-18:00", "“Mo 09:00-13:00,12:00-18:00”: 09:00–13:00 and 12:00–18:00 overlap"),
    ],
)
def test_hours_a_person_surely_did_not_mean_are_refused_by_the_form_and_the_api(client, manager, hours, problem):
    workshop = WorkshopFactory(opening_hours="Tu 10:00-12:00")
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(
        f"/manage/{workshop.slug}/edit/access/",
        {"version": 1, "access": "open", "pricing": "free", "opening_hours": hours},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    with translation.override("en"):
        assert problem in str(response.context["form"].errors["opening_hours"])
    api = client.patch(
        f"/api/v1/workshops/{workshop.slug}/",
        {"version": 1, "opening_hours": hours},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 400 and problem in api.json()["opening_hours"][0]
    assert Workshop.objects.get(pk=workshop.pk).opening_hours == "Tu 10:00-12:00"
    overnight = client.post(  # closing after midnight is a night's opening: kept
        f"/manage/{workshop.slug}/edit/access/",
        {"version": 1, "access": "open", "pricing": "free", "opening_hours": "Fr 18:00-02:00"},
    )
    assert overnight.status_code == 302


def test_the_second_of_two_concurrent_edits_is_shown_what_changed_and_overwrites_nothing(client, manager):
    workshop = WorkshopFactory(summary="Avant")
    MembershipFactory(user=manager, workshop=workshop)
    url = f"/manage/{workshop.slug}/edit/"
    first = _identity(name=workshop.name, summary="Version d'Alice")
    second = _identity(name=workshop.name, summary="Version de Bob")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert [item["value"] for item in conflict] == ["Version d'Alice"]
    assert Workshop.objects.get(pk=workshop.pk).summary == "Version d'Alice"
    # The form now carries the new version: saving again keeps Bob's text, knowingly.
    assert 'value="2"' in response.content.decode()
    assert client.post(url, {**second, "version": 2}).status_code == 302
    assert Workshop.objects.get(pk=workshop.pk).summary == "Version de Bob"


def test_the_same_machine_twice_is_refused_and_two_models_of_a_type_are_two_cards(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    printer = EquipmentFactory(workshop=workshop, quantity=1, brand="Prusa", model="MK4")
    url = f"/manage/{workshop.slug}/equipment/"
    base = {"equipment-TOTAL_FORMS": 2, "equipment-INITIAL_FORMS": 1, "equipment-0-id": printer.pk}
    first = {"equipment-0-type": printer.type_id, "equipment-0-quantity": 1, "equipment-0-brand": "Prusa"}
    first["equipment-0-model"] = "MK4"
    again = {"equipment-1-type": printer.type_id, "equipment-1-quantity": 2, "equipment-1-brand": " prusa "}
    response = client.post(url, {**base, **first, **again, "equipment-1-model": "mk4"})
    assert response.status_code == 200
    assert (
        '<a href="#id_equipment-1-type">Machine 2, type</a> — La machine 1 est déjà celle-ci : '
        "augmentez sa quantité plutôt que d’ajouter une fiche." in response.content.decode()
    )
    assert workshop.equipment.count() == 1, "nothing saved"
    assert client.post(url, {**base, **first, **again, "equipment-1-model": "Core One"}).status_code == 302
    assert sorted(workshop.equipment.values_list("model", flat=True)) == ["Core One", "MK4"]


def test_the_equipment_rows_are_edited_and_removed_with_errors_naming_the_row(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    item = EquipmentFactory(workshop=workshop, quantity=1)
    url = f"/manage/{workshop.slug}/equipment/"
    base = {"equipment-TOTAL_FORMS": 1, "equipment-INITIAL_FORMS": 1, "equipment-0-id": item.pk}
    response = client.post(
        url, {**base, "equipment-0-type": item.type_id, "equipment-0-quantity": 0, "equipment-0-power_w": -5}
    )
    assert response.status_code == 200
    assert '<a href="#id_equipment-0-quantity">Machine 1, quantité</a> — ' in response.content.decode()
    assert '<a href="#id_equipment-0-power_w">Machine 1, puissance (W)</a> — ' in response.content.decode()
    client.post(url, {**base, "equipment-0-type": item.type_id, "equipment-0-quantity": 4})
    assert Equipment.objects.get(pk=item.pk).quantity == 4
    client.post(url, {**base, "equipment-0-type": item.type_id, "equipment-0-quantity": 4, "equipment-0-DELETE": "on"})
    assert not Equipment.objects.filter(pk=item.pk).exists()


def test_a_manager_confirms_the_profile_is_still_accurate(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    assert workshop.verified_at is None
    client.post(f"/manage/{workshop.slug}/confirm/")
    workshop.refresh_from_db()
    assert workshop.verified_at is not None
    assert workshop.history.first().history_user == manager


def test_still_accurate_saves_the_edits_typed_before_it(client, manager):
    workshop = WorkshopFactory(phone="01 00 00 00 00", status=Status.PUBLISHED)
    MembershipFactory(user=manager, workshop=workshop)
    url = f"/manage/{workshop.slug}/edit/"
    page = client.get(url).content.decode()
    # The button belongs to the profile form: the browser sends what was typed with it.
    assert 'form="profile-form" name="confirm"' in page
    assert 'id="profile-form"' in page
    response = client.post(
        url, _identity(name=workshop.name, phone="02 40 00 00 00", confirm="1", version=workshop.version)
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.phone == "02 40 00 00 00"
    assert workshop.verified_at is not None


def test_still_accurate_with_an_invalid_edit_confirms_nothing_and_keeps_the_typing(client, manager):
    workshop = WorkshopFactory(status=Status.PUBLISHED)
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(
        f"/manage/{workshop.slug}/edit/",
        _identity(name="", website="pas une adresse", confirm="1", version=workshop.version),
    )
    assert response.status_code == 200
    assert 'value="pas une adresse"' in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.verified_at is None


def test_add_a_machine_saves_it_and_stays_on_the_step_with_a_blank_card(client, manager):
    workshop = WorkshopFactory(status=Status.DRAFT)
    MembershipFactory(user=manager, workshop=workshop)
    url = f"/manage/{workshop.slug}/equipment/"
    for count, slug in enumerate(["decoupeuse-laser-co2", "graveur-laser-diode", "imprimante-3d-fdm"], start=1):
        page = client.get(url)
        assert page.context["formset"].total_form_count() == count  # the saved ones and one blank card
        form = {
            "equipment-TOTAL_FORMS": count,
            "equipment-INITIAL_FORMS": count - 1,
            "add": "1",
            f"equipment-{count - 1}-type": equipment_type(slug).pk,
            f"equipment-{count - 1}-quantity": 1,
        }
        for index, item in enumerate(Equipment.objects.filter(workshop=workshop).order_by("pk")):
            form |= {f"equipment-{index}-id": item.pk, f"equipment-{index}-type": item.type_id}
            form[f"equipment-{index}-quantity"] = item.quantity
        response = client.post(url, form)
        assert response.status_code == 302
        assert response.url == f"{url}?added=1"
        assert "autofocus" in client.get(response.url).content.decode()
        assert Equipment.objects.filter(workshop=workshop).count() == count


def test_the_dashboard_lists_my_workshops_with_what_is_missing_in_constant_queries(
    client, manager, django_assert_max_num_queries
):
    for n in range(3):
        MembershipFactory(user=manager, workshop=WorkshopFactory(opening_hours="" if n else "Mo 10:00-12:00"))
    complete = Workshop.objects.get(opening_hours="Mo 10:00-12:00")
    for n in range(2):
        EquipmentFactory(workshop=complete)
        complete.photos.create(image=f"photos/{n}.jpg", thumbnail=f"photos/{n}-s.jpg", width=8, height=6)
    with django_assert_max_num_queries(8):
        response = client.get("/manage/")
    assert len(response.context["rows"]) == 3
    # One has everything; the two others lack their machines, a photo and their opening hours.
    missing = {row["workshop"].pk: [str(item) for item in row["missing"]] for row in response.context["rows"]}
    assert missing.pop(complete.pk) == []
    assert list(missing.values()) == [["les horaires", "les machines", "une photo du lieu"]] * 2

    complete.location_precision = "commune"
    complete.save()
    rows = client.get("/manage/").context["rows"]
    missing = {row["workshop"].pk: [str(item) for item in row["missing"]] for row in rows}
    assert missing[complete.pk] == ["l’épingle sur l’entrée (la carte ne montre que la commune)"]
    for _ in range(5):
        MembershipFactory(user=manager, workshop=WorkshopFactory())
    with django_assert_max_num_queries(8):
        client.get("/manage/")


def test_a_submitted_draft_lacking_its_address_is_not_sent(client, manager):
    workshop = WorkshopFactory(status=Status.DRAFT, street="", commune=None, latitude=None, longitude=None)
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(f"/manage/{workshop.slug}/submit/")
    assert response.status_code == 200
    workshop.refresh_from_db()
    assert workshop.status == Status.DRAFT


def test_duplicates_are_shown_before_submitting_with_a_claim_link(client, manager):
    existing = WorkshopFactory(name="Fablab de la Gare", latitude=47.2184, longitude=-1.5536, siret="")
    draft = WorkshopFactory(name="FabLab la Gare", status=Status.DRAFT, latitude=47.2190, longitude=-1.5530)
    MembershipFactory(user=manager, workshop=draft)
    response = client.get(f"/manage/{draft.slug}/submit/")
    assert response.context["duplicates"] == [existing]
    assert f"/manage/claim/{existing.slug}/" in response.content.decode()
    assert "latitude 47,21900, longitude -1,55300" in response.content.decode()  # not "47,21900, -1,55300"


def test_co_managers_are_invited_by_email_and_accept(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(f"/manage/{workshop.slug}/managers/", {"email": "zoe@example.org", "role": "editor"})
    assert response.status_code == 302
    link = mail.outbox[0].body.split("http://127.0.0.1:8000")[1].split()[0]
    zoe = UserFactory(username="zoe", email="zoe@example.org")
    client.force_login(zoe)
    assert client.get(link).status_code == 200
    client.post(link)
    assert Membership.objects.get(user=zoe, workshop=workshop).role == "editor"
    assert client.post(link).status_code == 404  # used once


def _invite(client, workshop, email, role="editor"):
    return client.post(f"/manage/{workshop.slug}/managers/", {"email": email, "role": role}, HTTP_ACCEPT_LANGUAGE="en")


def test_invitations_are_limited_per_account_but_not_for_staff(client, manager):
    # Each invitation is an e-mail to an address of the manager's choosing: thirty a day.
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    for i in range(30):
        assert _invite(client, workshop, f"person{i}@example.org").status_code == 302
    response = _invite(client, workshop, "one-more@example.org")
    assert response.status_code == 200
    assert "You sent too many invitations today: try again in" in response.content.decode()
    assert 'value="one-more@example.org"' in response.content.decode()
    assert len(mail.outbox) == 30
    assert not ManagerInvitation.objects.filter(email="one-more@example.org").exists()
    client.force_login(UserFactory(is_staff=True))
    assert _invite(client, workshop, "one-more@example.org").status_code == 302


def test_an_owner_withdraws_a_pending_invitation_and_its_link_then_says_so(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    _invite(client, workshop, "zoe@exmaple.org")
    link = mail.outbox[0].body.split("http://127.0.0.1:8000")[1].split()[0]
    invitation = ManagerInvitation.objects.get(workshop=workshop)
    page = client.get(f"/manage/{workshop.slug}/managers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    withdraw = f"/manage/{workshop.slug}/managers/invitations/{invitation.pk}/withdraw/"
    assert f'action="{withdraw}"' in page
    assert 'aria-label="Withdraw the invitation to zoe@exmaple.org">Withdraw</button>' in page

    response = client.post(withdraw, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.redirect_chain == [(f"/manage/{workshop.slug}/managers/", 302)]
    with translation.override("en"):
        assert [str(m) for m in response.context["messages"]] == [
            "The invitation to zoe@exmaple.org was withdrawn: its link no longer works."
        ]
    assert not ManagerInvitation.objects.filter(pk=invitation.pk).exists()
    assert list(response.context["invitations"]) == []

    client.force_login(UserFactory(username="zoe", email="zoe@exmaple.org"))
    followed = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert followed.status_code == 404
    assert "It was already accepted, withdrawn by the workshop's managers, or it has expired" in (
        followed.content.decode().replace("&#x27;", "'")
    )
    assert client.post(link).status_code == 404
    assert not Membership.objects.filter(workshop=workshop, user__username="zoe").exists()


def test_staff_withdraw_an_invitation_too(client):
    invitation = ManagerInvitation.objects.create(workshop=WorkshopFactory(), email="typo@exmaple.org")
    client.force_login(UserFactory(is_staff=True))
    response = client.post(f"/manage/{invitation.workshop.slug}/managers/invitations/{invitation.pk}/withdraw/")
    assert response.status_code == 302
    assert not ManagerInvitation.objects.filter(pk=invitation.pk).exists()


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 302), ("editor", 403), ("other_manager", 403)])
def test_only_owners_and_staff_withdraw_an_invitation(client, persona, expected):
    workshop = WorkshopFactory()
    MembershipFactory(workshop=workshop, role=Membership.Role.OWNER)
    invitation = ManagerInvitation.objects.create(workshop=workshop, email="zoe@example.org")
    users = {
        "anonymous": None,
        "editor": MembershipFactory(workshop=workshop, role=Membership.Role.EDITOR).user,
        "other_manager": MembershipFactory(role=Membership.Role.OWNER).user,
    }
    if users[persona]:
        client.force_login(users[persona])
        page = client.get(f"/manage/{workshop.slug}/managers/").content.decode()
        assert "/withdraw/" not in page
    response = client.post(f"/manage/{workshop.slug}/managers/invitations/{invitation.pk}/withdraw/")
    assert response.status_code == expected
    if persona == "anonymous":
        assert response.url.startswith("/accounts/login/?next=")
    assert ManagerInvitation.objects.filter(pk=invitation.pk).exists()


def test_an_invitation_is_withdrawn_only_from_its_own_workshop_and_only_while_pending(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    elsewhere = ManagerInvitation.objects.create(workshop=WorkshopFactory(), email="zoe@example.org")
    accepted = ManagerInvitation.objects.create(workshop=workshop, email="ana@example.org", accepted_at=timezone.now())
    for invitation in (elsewhere, accepted):
        url = f"/manage/{workshop.slug}/managers/invitations/{invitation.pk}/withdraw/"
        assert client.post(url).status_code == 404
        assert client.get(url).status_code == 405
    assert ManagerInvitation.objects.count() == 2


def test_inviting_an_address_again_sends_the_same_invitation_again_with_a_fresh_expiry(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    _invite(client, workshop, "zoe@example.org")
    ManagerInvitation.objects.update(created_at=timezone.now() - timedelta(days=20))  # expired since
    response = _invite(client, workshop, " Zoe@Example.org", role="owner")
    assert response.status_code == 302
    invitation = ManagerInvitation.objects.get()
    assert (invitation.email, invitation.role, invitation.expired) == ("zoe@example.org", "owner", False)
    assert [m.to for m in mail.outbox] == [["zoe@example.org"], ["zoe@example.org"]]
    assert mail.outbox[0].body == mail.outbox[1].body  # the same link
    with translation.override("en"):
        messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert messages[-1] == "zoe@example.org was already invited: the invitation was sent again, valid for 14 days."
    other = MembershipFactory(user=manager).workshop
    _invite(client, other, "zoe@example.org")  # another workshop's invitation is its own
    assert ManagerInvitation.objects.filter(workshop=other).count() == 1


def test_someone_who_already_manages_the_workshop_is_not_invited(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    MembershipFactory(user=UserFactory(username="ana", email="ana@example.org"), workshop=workshop, role="editor")
    response = _invite(client, workshop, "ANA@example.org", role="owner")
    assert response.status_code == 200
    with translation.override("en"):
        assert response.context["form"].errors == {"email": ["ANA@example.org already manages this workshop."]}
    assert not ManagerInvitation.objects.exists()
    assert mail.outbox == []


def test_the_last_owner_cannot_leave(client, manager):
    membership = MembershipFactory(user=manager)
    response = client.post(f"/manage/{membership.workshop.slug}/managers/{membership.pk}/remove/")
    assert response.status_code == 302
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_no_page_fails_on_junk(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    junk = {"version": "x", "latitude": "nan", "longitude": "1e999", "commune_choice": "\x00" * 3, "name": "a" * 5000}
    for url in ["/manage/new/", f"/manage/{workshop.slug}/edit/", f"/manage/{workshop.slug}/edit/address/"]:
        assert client.post(url, junk).status_code == 200
    assert client.get(f"/manage/{workshop.slug}/edit/nope/").status_code == 404
    assert client.post(f"/manage/{workshop.slug}/equipment/", {"equipment-TOTAL_FORMS": "x"}).status_code == 200
    assert client.post(f"/manage/{workshop.slug}/managers/", {"email": "not an email"}).status_code == 200
    assert client.get("/manage/invitations/nope/").status_code == 404
    assert client.get(f"/manage/{workshop.slug}/history/").status_code == 200


def test_the_steps_of_a_profile_are_named_in_the_readers_language(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    english = client.get(f"/manage/{workshop.slug}/edit/access/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>Access and opening hours —" in english and "Accès et horaires" not in english
    french = client.get(f"/manage/{workshop.slug}/edit/access/").content.decode()
    assert "<title>Accès et horaires —" in french


def test_a_shortened_link_is_not_a_website_and_the_dashboard_asks_for_the_real_one(client, manager):
    workshop = WorkshopFactory(website="https://goo.gl/m8bePM", name="MancheLab")  # as the 2019 census gave it
    MembershipFactory(user=manager, workshop=workshop)
    rows = client.get("/manage/").context["rows"]
    assert "l’adresse du site web lui-même (pas un lien raccourci)" in [str(m) for m in rows[0]["missing"]]

    response = client.post(f"/manage/{workshop.slug}/edit/", _identity(website="https://bit.ly/2nZYxOW"))
    assert response.status_code == 200
    assert response.context["form"].errors["website"] == [
        "Un lien raccourci cache où il mène : donnez l’adresse du site lui-même."
    ]
    workshop.refresh_from_db()
    assert workshop.website == "https://goo.gl/m8bePM" and workshop.name == "MancheLab", "nothing saved"

    client.post(f"/manage/{workshop.slug}/edit/", _identity(website="https://manchelab.fr/"))
    workshop.refresh_from_db()
    assert workshop.website == "https://manchelab.fr/"
    assert not any("raccourci" in str(m) for m in client.get("/manage/").context["rows"][0]["missing"])


def test_a_phone_no_one_could_call_is_refused_and_what_was_typed_kept(client, manager):
    workshop = WorkshopFactory(phone="02 40 00 00 00", name="Atelier")
    MembershipFactory(user=manager, workshop=workshop)
    response = client.post(f"/manage/{workshop.slug}/edit/", _identity(phone="abc def", name="Atelier renommé"))
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == [
        "Saisissez un numéro de téléphone, par exemple 02 99 00 00 00 ou +33 2 99 00 00 00."
    ]
    assert 'value="abc def"' in response.content.decode()  # kept, to correct
    workshop.refresh_from_db()
    assert (workshop.phone, workshop.name) == ("02 40 00 00 00", "Atelier"), "nothing saved"


def test_an_address_found_only_at_its_commune_is_said_until_the_pin_is_on_the_door(client, manager, fake_geocoder):
    """The address service knew the commune, not the street: visitors would be sent to the town
    hall. The manager is told at once, and the address step says so until the pin is placed."""
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    url = f"/manage/{workshop.slug}/edit/address/"
    fake_geocoder.add("9 impasse des Oubliés 44000 Nantes", 47.2181, -1.5528, precision="commune")
    response = client.post(
        url,
        {"version": 1, "street": "9 impasse des Oubliés", "postal_code": "44000", "commune_choice": "44000"},
        follow=True,
    )
    workshop.refresh_from_db()
    assert (workshop.latitude, workshop.location_precision) == (47.2181, "commune")
    assert [str(m) for m in response.context["messages"]] == [
        "L’adresse n’a pu être placée qu’à sa commune, pas à la porte : placez l’épingle sur l’entrée "
        "(étape « Adresse et carte ») pour que le public trouve l’atelier.",
        "Vos modifications sont enregistrées.",
    ]
    assert 'id="pin-approximate"' in client.get(url).content.decode()

    client.post(
        url,
        {
            "version": workshop.version,
            "street": "9 impasse des Oubliés",
            "postal_code": "44000",
            "commune_choice": "44000",
            "latitude": "47.2190",
            "longitude": "-1.5540",
            "location_manual": "True",
        },
    )
    workshop.refresh_from_db()
    assert (workshop.latitude, workshop.location_precision) == (47.219, "address")
    assert 'id="pin-approximate"' not in client.get(url).content.decode()


def test_an_address_found_at_the_door_says_nothing_of_the_pin(client, manager, fake_geocoder):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    fake_geocoder.add("3 rue Kervégan 44000 Nantes", 47.2131, -1.5546)
    response = client.post(
        f"/manage/{workshop.slug}/edit/address/",
        {"version": 1, "street": "3 rue Kervégan", "postal_code": "44000", "commune_choice": "44000"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Vos modifications sont enregistrées."]
    assert 'id="pin-approximate"' not in response.content.decode()


def _type_menu(html: str) -> list[tuple[str, list[str]]]:
    """The first machine card's type menu: its groups and their options, as a person reads them."""
    menu = re.search(r'<select name="equipment-0-type".*?</select>', html, re.S).group(0)
    return [
        (label, re.findall(r"<option [^>]*>([^<]*)</option>", options))
        for label, options in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', menu, re.S)
    ]


def test_the_machine_type_menu_is_grouped_by_category_in_the_pages_language(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)
    EquipmentFactory(workshop=workshop)
    url = f"/manage/{workshop.slug}/equipment/"
    french = _type_menu(client.get(url).content.decode())
    assert french[0][0] == "Impression 3D" and french[-1][0] == "Autre"
    assert french[1][0] == "Découpe et gravure laser"  # the categories' order, not their codes'
    laser = dict(french)["Découpe et gravure laser"]
    assert laser == sorted(laser, key=sort_key) and "Découpeuse laser CO₂" in laser
    english = _type_menu(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert english[0][0] == "3D printing" and english[1][0] == "Laser cutting and engraving"
    assert "CO₂ laser cutter" in dict(english)["Laser cutting and engraving"]


def test_the_note_on_the_asterisk_is_shown_only_on_a_step_with_a_required_field(client, manager):
    workshop = MembershipFactory(user=manager).workshop
    note = "Fields marked with an asterisk (*) are required."
    numbers = client.get(f"/manage/{workshop.slug}/edit/numbers/", HTTP_ACCEPT_LANGUAGE="en")
    assert numbers.status_code == 200
    assert note not in numbers.content.decode()
    assert note in client.get(f"/manage/{workshop.slug}/edit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_quantity_below_one_gets_one_message_whatever_it_is(client, manager):
    item = EquipmentFactory(workshop=MembershipFactory(user=manager).workshop, quantity=1)

    def errors(quantity):
        data = {"equipment-TOTAL_FORMS": 1, "equipment-INITIAL_FORMS": 1, "equipment-0-id": item.pk}
        data.update({"equipment-0-type": item.type_id, "equipment-0-quantity": quantity})
        response = client.post(f"/manage/{item.workshop.slug}/equipment/", data)
        return response.context["formset"].forms[0].errors["quantity"]

    assert errors(-1) == errors(0) == ["Assurez-vous que cette valeur est supérieure ou égale à 1."]


def test_the_summary_names_a_machine_s_brand_without_a_stray_space(client, manager):
    workshop = MembershipFactory(user=manager).workshop
    EquipmentFactory(workshop=workshop, quantity=1, brand="Trotec", model="")
    html = client.get(f"/manage/{workshop.slug}/submit/").content.decode()
    assert "(Trotec)" in html
    assert "(Trotec )" not in html
