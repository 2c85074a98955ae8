"""Staff override in the admin, and "why this archetype" on the workshop page."""

import re

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import translation

from tests.factories import EquipmentFactory, UserFactory, WorkshopFactory
from workshops.admin import WorkshopAdmin
from workshops.archetypes import CRITERIA
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

MEDIATION = {
    "carrier_type": "public_digital_space",
    "access": "open",
    "pricing": "free",
    "audiences": ["general_public", "seniors"],
    "services": ["digital_inclusion", "training"],
    "revenue_public_pct": 90,
    "revenue_own_pct": 10,
}


@pytest.fixture
def staff():
    return UserFactory(username="moderator", is_staff=True, is_superuser=True)


@pytest.fixture
def model_admin():
    return WorkshopAdmin(Workshop, admin.site)


def admin_request(user, method="get"):
    request = getattr(RequestFactory(), method)("/admin/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def change_form(model_admin, request, workshop, **changes):
    form_class = model_admin.get_form(request, workshop, change=True)
    initial = form_class(instance=workshop).initial
    data = {key: value for key, value in initial.items() if value is not None}
    data.update({"services": '["digital_inclusion", "training"]', "audiences": '["general_public", "seniors"]'})
    data.update(
        {
            "labels": "[]",
            "funders": "[]",
            "expected_version": workshop.version,
            "slug": workshop.slug,
            "commune": workshop.commune_id,
            **changes,
        }
    )
    return form_class(data, instance=workshop)


def test_an_override_needs_a_reason(model_admin, staff):
    workshop = WorkshopFactory(**MEDIATION)
    form = change_form(model_admin, admin_request(staff), workshop, archetype_override=3, archetype_override_reason="")
    assert not form.is_valid()
    assert "archetype_override_reason" in form.errors


def test_an_override_keeps_who_and_why_and_the_computed_archetype(model_admin, staff):
    workshop = WorkshopFactory(**MEDIATION)
    request = admin_request(staff, "post")
    form = change_form(
        model_admin, request, workshop, archetype_override=3, archetype_override_reason="A fablab inside the library"
    )
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    stored = Workshop.objects.get(pk=workshop.pk)
    assert (stored.archetype, stored.archetype_override, stored.effective_archetype) == (1, 3, 3)
    assert stored.archetype_override_by == staff
    assert stored.archetype_override_reason == "A fablab inside the library"


def test_clearing_the_override_clears_its_reason(model_admin, staff):
    workshop = WorkshopFactory(
        **MEDIATION, archetype_override=3, archetype_override_reason="Old reason", archetype_override_by=staff
    )
    request = admin_request(staff, "post")
    form = change_form(model_admin, request, workshop, archetype_override="")
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    stored = Workshop.objects.get(pk=workshop.pk)
    assert (stored.archetype_override, stored.archetype_override_reason, stored.archetype_override_by) == (
        None,
        "",
        None,
    )
    assert stored.history.filter(archetype_override=3, archetype_override_reason="Old reason").exists()


def test_the_admin_explains_the_computed_archetype(model_admin):
    workshop = WorkshopFactory(**MEDIATION)
    workshop.refresh_from_db()
    with translation.override("fr"):
        html = model_admin.archetype_explanation(workshop)
    assert "Archétype 1 « Nouveaux espaces de médiation numérique »" in html
    assert "<li>portée par un espace public numérique ou une médiathèque (+5)</li>" in html
    assert "<li>Non renseigné : l’inventaire des machines ou le niveau d’équipement déclaré.</li>" in html


def test_the_admin_action_reclassifies_the_selection(model_admin, staff):
    workshop = WorkshopFactory(**MEDIATION)
    Workshop.objects.filter(pk=workshop.pk).update(archetype=6)
    request = admin_request(staff, "post")
    model_admin.reclassify_archetype(request, Workshop.objects.filter(pk=workshop.pk))
    assert Workshop.objects.get(pk=workshop.pk).archetype == 1
    assert [str(m) for m in request._messages] == ["1 sur 1 atelier classé autrement."]


def test_the_admin_change_page_shows_why(client, staff):
    workshop = WorkshopFactory(**MEDIATION)
    client.force_login(staff)
    response = client.get(f"/admin/workshops/workshop/{workshop.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Archetype 1 “New digital mediation spaces”" in response.content.decode()


def test_the_admin_change_page_of_a_workshop_classified_from_open_data(client, staff):
    # Imported workshops are classified from what open data says of them: their reasons list
    # those inferred facts (kind "provisional", no points). Their change page crashed on them.
    workshop = WorkshopFactory(**MEDIATION)
    summary, *reasons = workshop.archetype_reasons
    inferred = {
        "kind": "provisional",
        "criterion": "rural",
        "source": "cget",
        "fr": "Commune rurale (INSEE).",
        "en": "Rural commune (INSEE).",
    }
    Workshop.objects.filter(pk=workshop.pk).update(
        archetype_reasons=[{**summary, "provisional": True}, *reasons, inferred]
    )
    client.force_login(staff)
    response = client.get(f"/admin/workshops/workshop/{workshop.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "<li>Rural commune (INSEE).</li>" in response.content.decode()


def test_the_workshop_page_says_why_in_french(client):
    workshop = WorkshopFactory(**MEDIATION)
    EquipmentFactory(workshop=workshop, quantity=2)
    body = client.get(workshop.get_absolute_url()).content.decode()
    assert "Archétype 1 : Nouveaux espaces de médiation numérique" in body
    assert "Pourquoi cet archétype" in body
    assert "<strong>Origine de l’initiative et gouvernance</strong> : portée par un espace public numérique" in body
    assert "la répartition des recettes" not in body
    assert "Confiance" not in body
    assert " points" not in body
    assert "Défini par l’équipe de l’annuaire" not in body


def test_the_workshop_page_shows_the_override_and_the_computed_archetype(client, staff):
    workshop = WorkshopFactory(
        **MEDIATION, archetype_override=3, archetype_override_reason="Un fablab dans la médiathèque"
    )
    body = client.get(workshop.get_absolute_url()).content.decode()
    assert "Archétype 3 : Fablabs génériques" in body
    assert "Défini par l’équipe de l’annuaire. Motif : Un fablab dans la médiathèque" in body
    assert "Le classement automatique donnait l’archétype 1 (Nouveaux espaces de médiation numérique)." in body
    assert "Ce qu’a trouvé le classement automatique" in body


def test_the_workshop_page_says_what_is_missing_when_not_classified(client):
    workshop = WorkshopFactory(carrier_type="", audiences=[], services=[])
    body = client.get(workshop.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Why it is not classified" in body
    assert "Not classified yet: the profile does not say enough" in body
    assert "The profile does not say yet: the carrier" in body
    assert "the origin of the initiative or its governance" in body
    assert "the machine inventory" in body
    # The classifier's internals stay off the public page.
    assert "points" not in body
    assert "Confidence" not in body


def test_the_workshop_page_groups_the_reasons_by_criterion_in_the_studys_order(client):
    workshop = WorkshopFactory(**MEDIATION)
    body = client.get(workshop.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    reasons = body[body.index('<ul class="archetype-reasons">') :]
    reasons = reasons[: reasons.index("</ul>")]
    shown = re.findall(r"<li><strong>([^<]+)</strong>: ([^<]+)</li>", reasons)
    criteria = [criterion for criterion, _facts in shown]
    study_order = [labels[1].capitalize() for labels in CRITERIA.values()]
    assert len(criteria) == len(set(criteria)), criteria  # one entry per criterion
    assert criteria == sorted(criteria, key=study_order.index)
    assert any("; " in facts for _criterion, facts in shown), "several reasons of one criterion, together"
    stored = [r for r in Workshop.objects.get(pk=workshop.pk).archetype_reasons if r.get("kind") == "for"]
    assert len(stored) > len(shown)  # the stored reasons (the API's) stay one per line
