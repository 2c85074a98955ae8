"""The staff-only upload page: permissions, the report shown, and its CSV download."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from officials.models import OfficialScope
from tests.factories import MembershipFactory, UserFactory
from workshops.models import Workshop

from .conftest import COWORKING, cget_csv, cget_row, labs_json

pytestmark = pytest.mark.django_db
URL = "/admin/workshops/workshop/import/"
REPORT_URL = "/admin/workshops/workshop/import/report.csv"


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def upload(client, data, name="census.csv", **fields):
    payload = {"format": "cget-csv", "file": SimpleUploadedFile(name, data), **fields}
    return client.post(URL, payload)


def test_the_urls_are_named():
    assert reverse("admin:workshops_workshop_import") == URL
    assert reverse("admin:workshops_workshop_import_report") == REPORT_URL


@pytest.mark.parametrize("persona", ["anonymous", "manager", "other_manager", "official"])
def test_it_sends_non_staff_to_the_admin_login(client, persona):
    if persona in ("manager", "other_manager"):
        client.force_login(MembershipFactory().user)
    elif persona == "official":
        official = UserFactory(username="official")
        OfficialScope.objects.create(user=official, region_id="52")
        client.force_login(official)

    for url in (URL, REPORT_URL):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_refuses_staff_who_may_not_add_and_change_workshops(client):
    staff = UserFactory(username="staff", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_workshop"))
    client.force_login(staff)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"format": "cget-csv"}).status_code == 403
    assert client.get(REPORT_URL).status_code == 403


def test_a_dry_run_shows_the_report_and_saves_nothing(client, superuser):
    client.force_login(superuser)
    assert client.get(URL).status_code == 200

    response = upload(client, cget_csv(cget_row(), cget_row(ID="2", NOM_TL="Cowork", TYPO=COWORKING)), dry_run="on")

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.skipped, report.dry_run) == (1, 1, True)
    assert "Cowork" in response.content.decode()
    assert Workshop.objects.count() == 0


def test_an_import_saves_and_its_report_downloads_as_csv(client, superuser):
    client.force_login(superuser)

    response = upload(client, cget_csv(cget_row(), cget_row(ID="2", NOM_TL="Cowork", TYPO=COWORKING)))

    assert response.context["report"].created == 1
    assert Workshop.objects.count() == 1
    download = client.get(REPORT_URL)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    lines = download.content.decode().splitlines()
    assert lines[0] == "row,name,outcome,code,reason"
    assert lines[1].startswith("3,Cowork,skipped,not_fablab,")


def test_a_bad_file_shows_one_error_and_changes_nothing(client, superuser):
    client.force_login(superuser)

    response = upload(client, b"\x00\x01binary\x00")

    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors["file"]
    assert Workshop.objects.count() == 0


def test_include_all_is_refused_for_the_fablabs_format(client, superuser):
    client.force_login(superuser)

    response = upload(client, labs_json(), name="labs.json", format="fablabs-json", include_all="on")

    assert "include_all" in response.context["form"].errors


def test_the_download_without_a_report_is_not_found(client, superuser):
    client.force_login(superuser)

    assert client.get(REPORT_URL).status_code == 404
