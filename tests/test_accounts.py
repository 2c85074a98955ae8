"""Sign-up with e-mail verification, login, abuse limits, the account page, deletion."""

import re
import time
from urllib.parse import quote

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts import tokens
from accounts.models import Preferences
from afn_directory import limits
from moderation.decisions import Action, decide_claim
from officials.models import OfficialScope
from tests.factories import EquipmentFactory, MembershipFactory, UserFactory, WorkshopFactory
from workshops.editing import save_profile
from workshops.models import ClaimRequest, Equipment, Membership, Photo, Workshop

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "un-mot-de-passe-solide-42"


def _signup(client, email="alice@example.org", password=PASSWORD, **extra):
    data = {
        "first_name": "Alice",
        "last_name": "Martin",
        "email": email,
        "password1": password,
        "password2": password,
        **extra,
    }
    return client.post("/accounts/signup/", data)


def _later(seconds):
    """A moment after the current limit window has certainly ended."""
    return time_machine.travel(time.time() + seconds + 1, tick=False)


def _link(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_it_signs_up_an_inactive_user_and_activates_it_from_the_emailed_link(client):
    response = _signup(client)
    assert response.status_code == 200
    assert "alice@example.org" in response.content.decode()
    user = User.objects.get(email="alice@example.org")
    assert (user.first_name, user.last_name, user.get_full_name()) == ("Alice", "Martin", "Alice Martin")
    assert not user.is_active
    assert len(mail.outbox) == 1
    response = client.get(_link(mail.outbox[0]))
    assert response.status_code == 302 and response.url == "/manage/"
    user.refresh_from_db()
    assert user.is_active
    assert client.get("/manage/").status_code == 200


def test_it_refuses_a_weak_or_mismatched_password(client):
    response = _signup(client, password="12345678")
    assert response.status_code == 200
    assert not User.objects.exists()
    assert response.context["form"].errors["password1"]
    response = client.post(
        "/accounts/signup/", {"email": "a@example.org", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert "password2" in response.context["form"].errors


def test_it_does_not_reveal_an_existing_account(client):
    UserFactory(username="bob", email="bob@example.org")
    response = _signup(client, email="Bob@example.org")
    assert response.status_code == 200
    assert "accounts/check_inbox.html" in [t.name for t in response.templates]
    assert User.objects.filter(email__iexact="bob@example.org").count() == 1
    assert "/accounts/password-reset/" in mail.outbox[0].body


def test_a_bad_or_expired_verification_link_says_so(client):
    assert client.get("/accounts/verify/nonsense/").status_code == 400
    _signup(client)
    link = _link(mail.outbox[0])
    with time_machine.travel("2099-01-01"):
        assert client.get(link).status_code == 400


def test_it_logs_in_by_email_whatever_the_case(client):
    UserFactory(username="carol", email="carol@example.org")
    response = client.post(
        "/accounts/login/", {"email": "CAROL@example.org", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    assert response.url == "/manage/"


def test_it_refuses_a_wrong_password_without_saying_which_part_is_wrong(client):
    UserFactory(username="carol", email="carol@example.org")
    response = client.post("/accounts/login/", {"email": "carol@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_an_unconfirmed_account_gets_a_new_link_at_login(client):
    _signup(client)
    mail.outbox.clear()
    response = client.post("/accounts/login/", {"email": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert len(mail.outbox) == 1


def test_it_ignores_an_outside_next_url(client):
    UserFactory(username="carol", email="carol@example.org")
    response = client.post(
        "/accounts/login/",
        {"email": "carol@example.org", "password": "correct-horse-battery-staple", "next": "https://evil.example/"},
    )
    assert response.url == "/manage/"


def _log_in(client, email, **extra):
    return client.post("/accounts/login/", {"email": email, "password": "correct-horse-battery-staple", **extra})


def test_a_login_leads_an_official_to_their_territory_and_a_manager_to_their_workshops(client):
    # A regional official landed on "Mes ateliers: Vous ne gérez encore aucun atelier", invited to
    # register one.
    official = UserFactory(username="agent-bzh", email="agent@example.org")
    OfficialScope.objects.create(user=official, region_id="53")
    response = _log_in(client, "agent@example.org")
    assert response.url == "/officials/"
    assert "Tableau de bord : Bretagne" in client.get(response.url).content.decode()
    assert client.get("/accounts/login/").url == "/officials/"  # already logged in
    assert _log_in(Client(), "agent@example.org", next="/officials/observatory/").url == "/officials/observatory/"
    assert _log_in(Client(), "agent@example.org", next="https://evil.example/").url == "/officials/"
    # An official with an authenticator gets there after giving its code.
    device = TOTPDevice.objects.create(user=official, name="phone", confirmed=True)
    with_code = Client()
    step = _log_in(with_code, "agent@example.org")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert with_code.post(step.url, {"token": code}).url == "/officials/"

    manager = MembershipFactory(user=UserFactory(username="gerante", email="gerante@example.org")).user
    assert _log_in(Client(), manager.email).url == "/manage/"
    OfficialScope.objects.create(user=manager, department_id="44")  # manages a workshop too: their workshops first
    assert _log_in(Client(), manager.email).url == "/manage/"
    UserFactory(username="staff", email="staff@example.org", is_staff=True)
    assert _log_in(Client(), "staff@example.org").url == "/manage/"


def test_login_attempts_are_limited_per_email_and_address_and_the_limit_resets(client):
    UserFactory(username="dave", email="dave@example.org")
    for _ in range(limits.LOGIN_PER_EMAIL_AND_IP.limit):
        assert client.post("/accounts/login/", {"email": "dave@example.org", "password": "wrong"}).status_code == 200
    response = client.post(
        "/accounts/login/", {"email": "dave@example.org", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    with _later(limits.LOGIN_PER_EMAIL_AND_IP.period):
        response = client.post(
            "/accounts/login/", {"email": "dave@example.org", "password": "correct-horse-battery-staple"}
        )
        assert response.status_code == 302


def test_login_attempts_are_limited_per_ip(client):
    for n in range(limits.LOGIN_PER_IP.limit):
        client.post("/accounts/login/", {"email": f"nobody{n}@example.org", "password": "x"})
    assert client.post("/accounts/login/", {"email": "other@example.org", "password": "x"}).status_code == 429
    with _later(limits.LOGIN_PER_IP.period):
        assert client.post("/accounts/login/", {"email": "other@example.org", "password": "x"}).status_code == 200


def test_many_people_signing_in_from_one_address_are_not_refused(client):
    # A fablab's or a library's network: one address, every member signing in in the same hour.
    for n in range(limits.LOGIN_PER_IP.limit + 5):
        UserFactory(username=f"member{n}", email=f"member{n}@example.org")
        response = client.post(
            "/accounts/login/", {"email": f"member{n}@example.org", "password": "correct-horse-battery-staple"}
        )
        assert response.status_code == 302, n
        client.logout()
    assert limits.LOGIN_PER_IP.count("127.0.0.1") == 0
    for n in range(limits.LOGIN_PER_IP.limit):  # failures still count
        client.post("/accounts/login/", {"email": f"nobody{n}@example.org", "password": "x"})
    response = client.post(
        "/accounts/login/", {"email": "member0@example.org", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 429


def test_signups_are_limited_per_ip(client):
    for n in range(limits.SIGNUP_PER_IP.limit):
        _signup(client, email=f"s{n}@example.org")
    assert _signup(client, email="late@example.org").status_code == 429
    with _later(limits.SIGNUP_PER_IP.period):
        assert _signup(client, email="late@example.org").status_code == 200


def test_password_resets_are_limited_per_email_and_reset(client):
    UserFactory(username="erin", email="erin@example.org")
    for _ in range(limits.PASSWORD_RESET_PER_EMAIL.limit):
        assert client.post("/accounts/password-reset/", {"email": "erin@example.org"}).status_code == 302
    assert client.post("/accounts/password-reset/", {"email": "erin@example.org"}).status_code == 429
    assert len(mail.outbox) == limits.PASSWORD_RESET_PER_EMAIL.limit
    with _later(limits.PASSWORD_RESET_PER_EMAIL.period):
        assert client.post("/accounts/password-reset/", {"email": "erin@example.org"}).status_code == 302


def test_password_resets_are_limited_per_ip(client):
    for n in range(limits.PASSWORD_RESET_PER_IP.limit):
        client.post("/accounts/password-reset/", {"email": f"p{n}@example.org"})
    assert client.post("/accounts/password-reset/", {"email": "last@example.org"}).status_code == 429


def test_the_password_reset_link_lets_the_user_choose_a_new_password(client):
    UserFactory(username="erin", email="erin@example.org")
    client.post("/accounts/password-reset/", {"email": "erin@example.org"})
    response = client.get(_link(mail.outbox[0]), follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert client.login(username="erin", password=PASSWORD)


def test_the_account_page_needs_a_login(client):
    assert client.get("/accounts/").status_code == 302


def test_it_changes_the_name_and_the_email_only_once_confirmed(client):
    user = UserFactory(username="frank", email="frank@example.org")
    client.force_login(user)
    response = client.post("/accounts/", {"first_name": "Frank", "last_name": "Martin", "email": "new@example.org"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.email) == ("Frank", "frank@example.org")
    client.get(_link(mail.outbox[0]))
    user.refresh_from_db()
    assert user.email == "new@example.org"


def test_address_changes_are_limited_per_account_and_the_form_keeps_what_was_typed(client):
    # Each change sends an e-mail to an address the account chooses: five a day, not a flood.
    user = UserFactory(username="frank", email="frank@example.org")
    client.force_login(user)
    for i in range(5):
        data = {"first_name": "Frank", "last_name": "", "email": f"new{i}@example.org"}
        assert client.post("/accounts/", data).status_code == 302
    data = {"first_name": "Franck", "last_name": "Martin", "email": "victim@example.org"}
    response = client.post("/accounts/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You asked to change your address too many times today: try again in" in page
    assert 'value="victim@example.org"' in page and 'value="Franck"' in page  # nothing lost
    assert len(mail.outbox) == 5 and "victim@example.org" not in {m.to[0] for m in mail.outbox}
    user.refresh_from_db()
    assert (user.first_name, user.email) == ("Frank", "frank@example.org")  # nothing half saved
    # Keeping one's address (a change of name) is not counted, nor refused.
    data = {"first_name": "Franck", "last_name": "Martin", "email": "frank@example.org"}
    assert client.post("/accounts/", data).status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Franck"


def _account_page_after_asking_for(client, email):
    """The page, as the person sees it, after asking to move their account to `email`; the
    address itself and the form's one-time CSRF token left out."""
    data = {"first_name": "Frank", "last_name": "Martin", "email": email}
    response = client.post("/accounts/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.url) == (302, "/accounts/")
    page = client.get("/accounts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return page.replace(email, "ADDRESS")


def test_asking_for_another_accounts_address_answers_as_for_a_free_one(client):
    UserFactory(username="bob", email="bob@example.org")
    client.force_login(UserFactory(username="frank", email="frank@example.org"))
    free = _account_page_after_asking_for(client, "new@example.org")
    taken = _account_page_after_asking_for(client, "bob@example.org")
    assert "We sent a link to ADDRESS: your address changes once you follow it." in taken
    assert "already" not in taken
    assert taken == free


def test_another_accounts_address_is_never_given_and_its_owner_is_told(client):
    bob = UserFactory(username="bob", email="bob@example.org")
    Preferences.objects.remember_language(bob, "en")
    frank = UserFactory(username="frank", email="frank@example.org")
    client.force_login(frank)
    client.post("/accounts/", {"first_name": "Frank", "last_name": "", "email": "Bob@Example.org"})
    [notice] = mail.outbox
    assert notice.to == ["bob@example.org"]
    assert notice.subject == "Your address was given for another account"
    assert "It is already your account's address" in notice.body
    assert "/accounts/password-reset/" in notice.body and "/accounts/verify/" not in notice.body
    frank.refresh_from_db()
    assert frank.email == "frank@example.org"
    # A link made before the address was taken (the race verify still guards against) gives it neither.
    link = f"/accounts/verify/{tokens.make_email_token(frank, 'bob@example.org')}/"
    response = client.get(link, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Another account already uses bob@example.org." in response.content.decode()
    frank.refresh_from_db()
    assert frank.email == "frank@example.org"
    assert User.objects.filter(email__iexact="bob@example.org").get() == bob


def test_it_creates_and_revokes_an_api_token(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/accounts/token/", {"action": "create"})
    token = Token.objects.get(user=user)
    assert token.key in client.get("/accounts/").content.decode()
    client.post("/accounts/token/", {"action": "revoke"})
    assert not Token.objects.filter(user=user).exists()
    assert client.get("/accounts/token/").status_code == 405


def test_deleting_the_account_ends_memberships_and_keeps_history_anonymous(client):
    membership = MembershipFactory()
    user, workshop = membership.user, membership.workshop
    save_profile(workshop, {"summary": "Par Alice"}, expected_version=workshop.version, user=user)
    client.force_login(user)
    response = client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post("/accounts/delete/", {"password": "correct-horse-battery-staple"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not workshop.memberships.exists()
    record = workshop.history.filter(summary="Par Alice").get()
    assert record.history_user is None
    assert client.get("/manage/").status_code == 302


def _owner_and_editor(name="Fablab des Tanneurs"):
    workshop = WorkshopFactory(name=name)
    owner = MembershipFactory(workshop=workshop, role=Membership.Role.OWNER).user
    editor = MembershipFactory(workshop=workshop, role=Membership.Role.EDITOR)
    return workshop, owner, editor


def test_the_only_owner_of_a_workshop_others_manage_is_asked_to_make_one_of_them_owner_first(client):
    workshop, owner, editor = _owner_and_editor()
    client.force_login(owner)
    page = client.get("/accounts/delete/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a href="/manage/{workshop.slug}/managers/">Fablab des Tanneurs</a>' in page
    response = client.post("/accounts/delete/", {"password": "correct-horse-battery-staple"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Your account is not deleted: you are the only owner of Fablab des Tanneurs" in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()
    assert workshop.memberships.count() == 2
    # The way out the page gives: the managers page makes the editor owner; then the account goes.
    managers = client.get(f"/manage/{workshop.slug}/managers/").content.decode()
    assert f'action="/manage/{workshop.slug}/managers/{editor.pk}/owner/"' in managers
    assert client.post(f"/manage/{workshop.slug}/managers/{editor.pk}/owner/").status_code == 302
    assert client.post("/accounts/delete/", {"password": "correct-horse-battery-staple"}).status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert list(workshop.memberships.values_list("user", "role")) == [(editor.user_id, "owner")]


def test_the_deletion_page_says_what_becomes_of_workshops_nobody_else_manages(client):
    published = MembershipFactory(workshop=WorkshopFactory(name="Atelier du Port"))
    user = published.user
    MembershipFactory(user=user, workshop=WorkshopFactory(name="Brouillon de Zoé", status="draft"))
    client.force_login(user)
    page = client.get("/accounts/delete/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nobody else manages these workshops:" in page
    assert (
        "Atelier du Port: its listing stays published but nobody will manage it; someone else can then claim it" in page
    )
    assert "Brouillon de Zoé" not in page.split("Nobody else manages these workshops:")[1]
    french = client.get("/accounts/delete/").content.decode()
    assert "<li>Atelier du Port : sa fiche reste publiée mais plus personne ne la gérera" in french
    assert 'id="owner-needed"' not in page


def test_a_draft_nobody_else_manages_goes_with_the_account_and_its_photos_files(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    # It stayed, unpublished, with nobody who could ever finish or see it (nor its author's data).
    settings.MEDIA_ROOT = tmp_path
    user = MembershipFactory(workshop=WorkshopFactory(name="Atelier du Port")).user
    draft = WorkshopFactory(name="Brouillon de Zoé", status="draft", email="zoe@example.org")
    MembershipFactory(user=user, workshop=draft)
    shared = WorkshopFactory(name="Brouillon partagé", status="draft")
    MembershipFactory(user=user, workshop=shared)
    MembershipFactory(workshop=shared)  # someone else goes on with it
    image, thumbnail = tmp_path / "photos" / "zoe.jpg", tmp_path / "photos" / "zoe-small.jpg"
    image.parent.mkdir()
    image.write_bytes(b"jpeg")
    thumbnail.write_bytes(b"jpeg")
    EquipmentFactory(workshop=draft)
    Photo.objects.create(
        workshop=draft, image="photos/zoe.jpg", thumbnail="photos/zoe-small.jpg", width=1, height=1, alt_text="Zoé"
    )
    client.force_login(user)
    page = client.get("/accounts/delete/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        "nobody else manages them: they are deleted with your account.</p>\n<ul><li>Brouillon de Zoé</li></ul>" in page
    )
    assert "Brouillon partagé" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/delete/", {"password": "correct-horse-battery-staple"})
    assert response.status_code == 302
    assert not Workshop.objects.filter(pk=draft.pk).exists()
    assert not Workshop.history.filter(id=draft.pk).exists()  # nor its e-mail address in the history
    assert not Photo.history.filter(workshop_id=draft.pk).exists()  # nor what its photos showed
    assert not Equipment.history.filter(workshop_id=draft.pk).exists()
    assert not image.exists() and not thumbnail.exists()
    assert Workshop.objects.filter(name__in=["Atelier du Port", "Brouillon partagé"]).count() == 2


def test_a_workshop_left_by_its_only_manager_stays_published_and_can_be_claimed(client):
    workshop = MembershipFactory().workshop
    client.force_login(workshop.memberships.get().user)
    assert client.post("/accounts/delete/", {"password": "correct-horse-battery-staple"}).status_code == 302
    workshop.refresh_from_db()
    assert workshop.is_published and not workshop.memberships.exists()
    assert client.get(workshop.get_absolute_url()).status_code == 200
    newcomer = UserFactory()
    client.force_login(newcomer)
    assert client.post(f"/manage/claim/{workshop.slug}/", {"message": "Je reprends l'atelier"}).status_code == 302
    decide_claim(ClaimRequest.objects.get(workshop=workshop), Action.APPROVE, "", UserFactory(is_staff=True))
    assert list(workshop.memberships.values_list("user", "role")) == [(newcomer.pk, "owner")]


def test_an_owner_among_several_or_an_editor_deletes_the_account_at_once(client):
    workshop, owner, editor = _owner_and_editor()
    MembershipFactory(workshop=workshop, role=Membership.Role.OWNER)
    for user in (owner, editor.user):
        client.force_login(user)
        assert 'id="owner-needed"' not in client.get("/accounts/delete/").content.decode()
        assert client.post("/accounts/delete/", {"password": "correct-horse-battery-staple"}).status_code == 302
        assert not User.objects.filter(pk=user.pk).exists()
    assert list(workshop.memberships.values_list("role", flat=True)) == ["owner"]


@pytest.mark.parametrize(
    ("persona", "expected"), [("anonymous", 302), ("editor", 403), ("other_manager", 403), ("staff", 302)]
)
def test_only_owners_and_staff_make_a_manager_owner(client, persona, expected):
    workshop, _owner, editor = _owner_and_editor()
    users = {
        "anonymous": None,
        "editor": editor.user,
        "other_manager": MembershipFactory().user,
        "staff": UserFactory(is_staff=True),
    }
    if users[persona]:
        client.force_login(users[persona])
    response = client.post(f"/manage/{workshop.slug}/managers/{editor.pk}/owner/")
    assert response.status_code == expected
    editor.refresh_from_db()
    assert editor.role == ("owner" if persona == "staff" else "editor")
    if persona == "anonymous":
        assert response.url.startswith("/accounts/login/")
    if persona == "editor":  # who may not do it is not offered the button
        assert "/owner/" not in client.get(f"/manage/{workshop.slug}/managers/").content.decode()


def test_a_manager_made_owner_is_told_by_e_mail_in_their_language_once(client):
    workshop, owner, editor = _owner_and_editor()
    Preferences.objects.remember_language(editor.user, "en")
    client.force_login(owner)
    assert client.post(f"/manage/{workshop.slug}/managers/{editor.pk}/owner/").status_code == 302
    [message] = mail.outbox
    assert message.to == [editor.user.email]
    assert message.subject == "You are now an owner of Fablab des Tanneurs"
    assert f"{owner.email} made you an owner of Fablab des Tanneurs" in message.body
    assert f"/manage/{workshop.slug}/managers/\n" in message.body
    client.post(f"/manage/{workshop.slug}/managers/{editor.pk}/owner/")  # a second click tells nothing new
    assert len(mail.outbox) == 1


def test_a_membership_of_another_workshop_is_not_made_owner_from_this_one(client):
    workshop, owner, editor = _owner_and_editor()
    elsewhere = MembershipFactory(role=Membership.Role.EDITOR)
    client.force_login(owner)
    assert client.post(f"/manage/{workshop.slug}/managers/{elsewhere.pk}/owner/").status_code == 404
    assert client.get(f"/manage/{workshop.slug}/managers/{editor.pk}/owner/").status_code == 405
    elsewhere.refresh_from_db()
    assert elsewhere.role == "editor"


def test_the_forms_never_fail_on_junk(client):
    assert client.post("/accounts/signup/", {"email": "x" * 400, "password1": "\x00"}).status_code == 200
    assert client.post("/accounts/login/", {"email": "", "password": ""}).status_code == 200
    assert client.get("/accounts/verify/" + "a" * 500 + "/").status_code == 400


def test_someone_asked_to_log_in_on_the_way_to_a_claim_signs_up_and_lands_on_the_claim_form(client):
    workshop = WorkshopFactory(name="Fablab du Port")
    claim = f"/manage/claim/{workshop.slug}/"
    login_page = client.get(claim, follow=True)
    page = login_page.content.decode()
    assert "créez un compte, et vous y serez conduit" in page
    signup_link = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', page).group(1)
    assert client.get(signup_link).context["next"] == claim
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Alice",
            "last_name": "Martin",
            "email": "alice@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": claim,
        },
    )
    assert response.status_code == 200 and len(mail.outbox) == 1
    link = _link(mail.outbox[0])
    response = client.get(link)
    assert response.status_code == 302 and response.url == claim
    assert "Fablab du Port" in client.get(claim).content.decode()


def test_a_confirmation_link_opened_in_another_browser_asks_to_log_in_and_keeps_the_way(client):
    claim = f"/manage/claim/{WorkshopFactory().slug}/"
    client.post(
        f"/accounts/signup/?next={claim}",
        {"email": "alice@example.org", "password1": PASSWORD, "password2": PASSWORD, "first_name": "A"},
    )
    elsewhere = Client()
    response = elsewhere.get(_link(mail.outbox[0]))
    assert response.status_code == 302 and response.url == f"/accounts/login/?next={quote(claim, safe='')}"
    response = elsewhere.post(response.url, {"email": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response.url == claim


def test_a_way_out_of_the_site_is_not_carried_by_the_confirmation_link(client):
    client.post(
        "/accounts/signup/?next=https://evil.example/",
        {"email": "alice@example.org", "password1": PASSWORD, "password2": PASSWORD, "first_name": "A"},
    )
    link = _link(mail.outbox[0])
    assert "next" not in link and "evil" not in link
    assert client.get(link + "?next=https://evil.example/").url == "/manage/"


def test_forms_refused_for_a_typo_do_not_count_towards_the_signup_limit(client):
    for _ in range(limits.SIGNUP_PER_IP.limit + 2):  # a bad address, passwords that differ…
        response = _signup(client, email="not-an-address")
        assert response.status_code == 200 and 'value="not-an-address"' in response.content.decode()
    assert _signup(client, email="newcomer@example.org").status_code == 200
    assert len(mail.outbox) == 1


def test_a_password_like_the_email_is_refused_naming_the_email_not_a_username():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = _signup(client, email="camille.dupont@example.org", password="camille.dupont@example.org")
    errors = " ".join(response.context["form"].errors["password1"])
    assert "too similar to the email address" in errors
    assert "username" not in response.content.decode()


def test_every_text_gives_the_verification_link_its_real_validity():
    hours = f"{tokens.MAX_AGE // 3600} hours"
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert f"The link is valid for {hours}." in _signup(client).content.decode()
    assert f"(valid for {hours}, once)" in mail.outbox[0].body
    failed = client.get("/accounts/verify/nonsense/").content.decode()
    assert f"has expired (after {hours})" in failed


def test_the_password_reset_form_calls_its_field_e_mail_like_the_others():
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/accounts/password-reset/")
    assert '<label for="id_email">E-mail <span class="required-mark"' in response.content.decode()
    with translation.override("fr"):
        assert str(response.context["form"].fields["email"].label) == "E-mail"


def test_a_refused_login_leads_on_to_the_password_reset_and_the_home_page():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(limits.LOGIN_PER_EMAIL_AND_IP.limit):
        client.post("/accounts/login/", {"email": "dave@example.org", "password": "wrong"})
    response = client.post("/accounts/login/", {"email": "dave@example.org", "password": "wrong"})
    assert response.status_code == 429
    page = response.content.decode()
    assert '<a href="/accounts/password-reset/">Forgotten password?</a>' in page
    assert '<a href="/">Back to the home page</a>' in page


def test_a_refused_sign_up_leads_on_to_the_home_page_only():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for n in range(limits.SIGNUP_PER_IP.limit):
        _signup(client, email=f"s{n}@example.org")
    page = _signup(client, email="late@example.org").content.decode()
    assert '<a href="/">Back to the home page</a>' in page
    assert "/accounts/password-reset/" not in page
