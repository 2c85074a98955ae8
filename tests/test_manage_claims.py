"""Claiming a listing: the request, the proof by an e-mail at the website's domain, the limit."""

import re
import time

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from afn_directory import limits
from tests.factories import MembershipFactory, UserFactory, WorkshopFactory
from workshops.manage.claims import email_matches_website
from workshops.models import ClaimRequest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("email", "website", "matches"),
    [
        ("fab@lebazar.fr", "https://www.lebazar.fr/", True),
        ("fab@contact.lebazar.fr", "https://lebazar.fr", True),
        ("fab@lebazar.fr", "lebazar.fr", True),
        ("fab@gmail.com", "https://lebazar.fr", False),
        ("fab@evil-lebazar.fr", "https://lebazar.fr", False),
        ("fab@lebazar.fr", "", False),
        # A site on a platform has no domain of its own; nor has a shortened link.
        ("fab@wordpress.com", "http://lafabriqueccprf.wordpress.com", False),
        ("fab@lafabriqueccprf.wordpress.com", "http://lafabriqueccprf.wordpress.com", False),
        ("fab@wixsite.com", "http://asso-labio.wixsite.com/labio", False),
        ("fab@goo.gl", "https://goo.gl/m8bePM", False),
        ("fab@localhost", "http://localhost/", False),
    ],
)
def test_it_matches_the_email_domain_to_the_website(email, website, matches):
    assert email_matches_website(email, website) is matches


def _claim(client, workshop, **data):
    return client.post(f"/manage/claim/{workshop.slug}/", {"message": "Je suis la fab manager", **data})


def test_an_account_email_at_the_domain_is_verified_at_once(client):
    workshop = WorkshopFactory(website="https://www.lebazar.fr")
    user = UserFactory(username="fab", email="fab@lebazar.fr")
    client.force_login(user)
    assert _claim(client, workshop, proof_email="fab@lebazar.fr").status_code == 302
    claim = ClaimRequest.objects.get()
    assert claim.email_domain_verified
    assert claim.decision == "pending"
    assert mail.outbox == []


def test_another_email_at_the_domain_is_verified_by_its_link(client):
    workshop = WorkshopFactory(website="https://lebazar.fr")
    client.force_login(UserFactory())
    _claim(client, workshop, proof_email="direction@lebazar.fr")
    claim = ClaimRequest.objects.get()
    assert not claim.email_domain_verified
    assert mail.outbox[0].to == ["direction@lebazar.fr"]
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    assert client.get(link).status_code == 200
    claim.refresh_from_db()
    assert claim.email_domain_verified
    assert client.get(link.replace("claim-proof/", "claim-proof/x")).status_code == 400


def test_an_email_elsewhere_is_not_verified(client):
    workshop = WorkshopFactory(website="https://lebazar.fr")
    client.force_login(UserFactory())
    _claim(client, workshop, proof_email="me@gmail.com")
    assert not ClaimRequest.objects.get().email_domain_verified
    assert mail.outbox == []


def test_a_second_claim_completes_the_first(client):
    workshop = WorkshopFactory()
    client.force_login(UserFactory())
    _claim(client, workshop)
    _claim(client, workshop, message="Plus de détails")
    assert ClaimRequest.objects.get().message == "Plus de détails"


def test_a_manager_does_not_claim_their_own_workshop(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    assert _claim(client, membership.workshop).url == f"/manage/{membership.workshop.slug}/edit/"
    assert not ClaimRequest.objects.exists()


def test_claims_are_limited_per_user_and_the_limit_resets(client):
    client.force_login(UserFactory())
    workshops = [WorkshopFactory() for _ in range(limits.CLAIM_PER_USER.limit + 1)]
    for workshop in workshops[:-1]:
        assert _claim(client, workshop).status_code == 302
    assert _claim(client, workshops[-1]).status_code == 429
    with time_machine.travel(time.time() + limits.CLAIM_PER_USER.period + 1, tick=False):
        assert _claim(client, workshops[-1]).status_code == 302


def test_a_claim_without_a_message_is_refused(client):
    client.force_login(UserFactory())
    workshop = WorkshopFactory(website="https://lebazar.fr")
    response = client.post(f"/manage/claim/{workshop.slug}/", {"message": "", "proof_email": "x"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"message", "proof_email"}


def test_the_form_names_the_domain_that_proves_a_claim(client):
    client.force_login(UserFactory())
    page = client.get(f"/manage/claim/{WorkshopFactory(website='https://www.lebazar.fr/').slug}/").content.decode()
    assert "Une adresse en @lebazar.fr prouve la revendication" in page
    assert 'name="proof_email"' in page


@pytest.mark.parametrize("website", ["http://lafabriqueccprf.wordpress.com", "https://goo.gl/m8bePM", ""])
def test_a_site_without_a_domain_of_its_own_asks_for_no_proof(client, website):
    workshop = WorkshopFactory(website=website)
    client.force_login(UserFactory(email="fab@wordpress.com"))
    page = client.get(f"/manage/claim/{workshop.slug}/").content.decode()
    assert 'name="proof_email"' not in page
    if website:
        assert "aucune adresse e-mail ne peut prouver votre revendication" in page

    _claim(client, workshop, proof_email="fab@wordpress.com")
    claim = ClaimRequest.objects.get()
    assert claim.proof_email == "" and not claim.email_domain_verified, "a field the form did not show is ignored"
    assert mail.outbox == []


def test_my_claims_read_as_each_language_writes_them(client):
    workshop = WorkshopFactory(name="SICTIAM", website="https://www.sictiam.fr")
    client.force_login(UserFactory(email="someone@example.org"))
    _claim(client, workshop)
    french = client.get("/manage/").content.decode()
    assert "<li>SICTIAM :" in french  # a space before the colon in French
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "<li>SICTIAM:" in client.get("/manage/").content.decode()
