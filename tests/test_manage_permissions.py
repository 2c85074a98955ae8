"""Every manager and moderation page × {anonymous, owner, editor, another manager, official, staff}."""

import pytest

from officials.models import OfficialScope
from territories.models import Region
from tests.factories import MembershipFactory, UserFactory, WorkshopFactory
from workshops.models import Membership

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "owner", "editor", "other_manager", "official", "staff"]


@pytest.fixture
def world():
    workshop = WorkshopFactory()
    owner = MembershipFactory(workshop=workshop, role=Membership.Role.OWNER).user
    editor = MembershipFactory(workshop=workshop, role=Membership.Role.EDITOR).user
    other_manager = MembershipFactory(role=Membership.Role.OWNER).user
    official = UserFactory()
    OfficialScope.objects.create(user=official, region=Region.objects.get(code="11"))
    staff = UserFactory(is_staff=True)
    users = {"anonymous": None, "owner": owner, "editor": editor, "other_manager": other_manager}
    users |= {"official": official, "staff": staff}
    return workshop, users


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


# (method, url template, expected status per persona)
LOGIN = 302
PAGES = [
    ("get", "/manage/{slug}/edit/", {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200}),
    (
        "get",
        "/manage/{slug}/edit/address/",
        {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "get",
        "/manage/{slug}/edit/access/",
        {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "get",
        "/manage/{slug}/edit/numbers/",
        {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "get",
        "/manage/{slug}/preview/",
        {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "get",
        "/manage/{slug}/equipment/",
        {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "get",
        "/manage/{slug}/photos/",
        {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "post",
        "/manage/{slug}/photos/",
        {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "get",
        "/manage/{slug}/submit/",
        {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "get",
        "/manage/{slug}/managers/",
        {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "post",
        "/manage/{slug}/managers/",
        {"owner": 200, "editor": 403, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "get",
        "/manage/{slug}/history/",
        {"owner": 200, "editor": 200, "other_manager": 403, "official": 403, "staff": 200},
    ),
    (
        "post",
        "/manage/{slug}/history/{history_id}/revert/",
        {"owner": 403, "editor": 403, "other_manager": 403, "official": 403, "staff": 302},
    ),
    (
        "post",
        "/manage/{slug}/confirm/",
        {"owner": 302, "editor": 302, "other_manager": 403, "official": 403, "staff": 302},
    ),
    ("get", "/manage/", {"owner": 200, "editor": 200, "other_manager": 200, "official": 200, "staff": 200}),
    ("get", "/manage/new/", {"owner": 200, "editor": 200, "other_manager": 200, "official": 200, "staff": 200}),
    (
        "get",
        "/manage/claim/{slug}/",
        {"owner": 302, "editor": 302, "other_manager": 200, "official": 200, "staff": 200},
    ),
    ("get", "/moderation/", {"owner": 403, "editor": 403, "other_manager": 403, "official": 403, "staff": 200}),
    ("get", "/moderation/log/", {"owner": 403, "editor": 403, "other_manager": 403, "official": 403, "staff": 200}),
    (
        "get",
        "/moderation/workshops/{slug}/",
        {"owner": 403, "editor": 403, "other_manager": 403, "official": 403, "staff": 200},
    ),
    ("get", "/accounts/", {"owner": 200, "editor": 200, "other_manager": 200, "official": 200, "staff": 200}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "url", "expected"), PAGES, ids=[f"{m} {u}" for m, u, _ in PAGES])
def test_who_may_open_each_page(client, world, persona, method, url, expected):
    workshop, users = world
    url = url.format(slug=workshop.slug, history_id=workshop.history.earliest().history_id)
    response = getattr(_as(client, users[persona]), method)(url)
    if persona == "anonymous":
        assert response.status_code == LOGIN
        assert response.url.startswith("/accounts/login/?next=")
    else:
        assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", ["editor", "other_manager", "official"])
def test_only_owners_and_staff_remove_another_manager(client, world, persona):
    workshop, users = world
    owner_membership = Membership.objects.get(workshop=workshop, user=users["owner"])
    response = _as(client, users[persona]).post(f"/manage/{workshop.slug}/managers/{owner_membership.pk}/remove/")
    assert response.status_code in (403, 404)
    assert Membership.objects.filter(pk=owner_membership.pk).exists()


def test_an_editor_may_leave_on_their_own(client, world):
    workshop, users = world
    membership = Membership.objects.get(workshop=workshop, user=users["editor"])
    _as(client, users["editor"]).post(f"/manage/{workshop.slug}/managers/{membership.pk}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("persona", ["other_manager", "official"])
def test_strangers_cannot_edit_by_posting(client, world, persona):
    workshop, users = world
    response = _as(client, users[persona]).post(
        f"/manage/{workshop.slug}/edit/", {"version": 1, "name": "Piraté", "carrier_type": "other"}
    )
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.name != "Piraté"


def test_a_draft_is_not_claimable_and_unknown_slugs_are_404(client, world):
    _workshop, users = world
    draft = WorkshopFactory(status="draft")
    client.force_login(users["other_manager"])
    assert client.get(f"/manage/claim/{draft.slug}/").status_code == 404
    assert client.get("/manage/nope/edit/").status_code == 404


@pytest.mark.parametrize("url", ["/manage/{slug}/edit/", "/manage/{slug}/results/"])
def test_a_stranger_to_a_published_workshop_is_told_they_do_not_manage_it_and_how_to_claim_it(client, world, url):
    workshop, users = world
    client.force_login(users["other_manager"])
    response = client.get(url.format(slug=workshop.slug), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    body = response.content.decode()
    assert "You do not manage this workshop: only its managers can open this page." in body
    assert f'href="/manage/claim/{workshop.slug}/">Is this your workshop? Manage it</a>' in body


@pytest.mark.parametrize("status", ["draft", "pending", "rejected", "closed"])
@pytest.mark.parametrize("url", ["/manage/{slug}/edit/", "/manage/{slug}/results/"])
def test_another_users_unpublished_workshop_stays_hidden(client, world, status, url):
    _workshop, users = world
    hidden = WorkshopFactory(status=status)
    client.force_login(users["other_manager"])
    assert client.get(url.format(slug=hidden.slug)).status_code == 404
