"""Each rule of a workshop profile refuses a bad value with a message a person can act on."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import WorkshopFactory, commune

pytestmark = pytest.mark.django_db


def errors_of(workshop):
    with pytest.raises(ValidationError) as info:
        workshop.full_clean()
    return info.value.message_dict


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def test_a_valid_profile_passes():
    WorkshopFactory(siret="73282932000074").full_clean()


def test_it_refuses_a_siret_with_a_wrong_check_digit():
    errors = errors_of(WorkshopFactory.build(siret="73282932000075", commune=commune("44109")))
    assert "n’est pas un numéro SIRET ou SIREN valide" in errors["siret"][0]


def test_it_refuses_a_siret_of_the_wrong_length():
    errors = errors_of(WorkshopFactory.build(siret="1234", commune=commune("44109")))
    assert "14 chiffres" in errors["siret"][0]


def test_it_accepts_a_siren_and_normalises_spaces():
    workshop = WorkshopFactory.build(siret="732 829 320", commune=commune("44109"))
    workshop.full_clean()
    assert workshop.siret == "732829320"


@pytest.mark.parametrize(
    "phone",
    ["02 99 00 00 00", "02.99.00.00.00", "0299000000", "+33 2 99 00 00 00", "+262 262 00 00 00", "0032 2 123 45 67"],
)
def test_it_accepts_a_phone_number_written_as_people_write_them(phone):
    WorkshopFactory.build(phone=phone, commune=commune("44109")).full_clean()


@pytest.mark.parametrize(
    "phone", ["abc def", "02 99 00 00", "abc<script>", "99 00 00 00 00", "+0 2 99", "02 99 00 00 00 poste 12"]
)
def test_it_refuses_what_no_one_could_call(phone):
    errors = errors_of(WorkshopFactory.build(phone=phone, commune=commune("44109")))
    assert errors["phone"] == ["Saisissez un numéro de téléphone, par exemple 02 99 00 00 00 ou +33 2 99 00 00 00."]


def test_it_refuses_a_malformed_rna_number():
    errors = errors_of(WorkshopFactory.build(rna="X123", commune=commune("44109")))
    assert "W suivi de 9 chiffres" in errors["rna"][0]


def test_it_refuses_a_postal_code_of_another_commune():
    errors = errors_of(WorkshopFactory.build(postal_code="75001", commune=commune("44109")))
    assert "75001 n’appartient pas à Nantes" in errors["postal_code"][0]
    assert "44000" in errors["postal_code"][0]


def test_it_refuses_coordinates_outside_france():
    errors = errors_of(WorkshopFactory.build(latitude=40.4168, longitude=-3.7038, commune=commune("44109")))
    assert "n’est pas en France" in errors["latitude"][0]


def test_it_accepts_overseas_coordinates():
    WorkshopFactory.build(
        latitude=-20.8823, longitude=55.4504, postal_code="97400", commune=commune("97411")
    ).full_clean()


def test_it_refuses_half_a_position():
    errors = errors_of(WorkshopFactory.build(latitude=47.2, longitude=None, commune=commune("44109")))
    assert "latitude et la longitude" in errors["latitude"][0]


def test_it_refuses_opening_hours_that_do_not_parse():
    errors = errors_of(WorkshopFactory.build(opening_hours="lundi 10h-18h", commune=commune("44109")))
    assert "format opening_hours" in errors["opening_hours"][0]


def test_it_refuses_revenue_shares_over_100_percent():
    errors = errors_of(WorkshopFactory.build(revenue_public_pct=70, revenue_own_pct=40, commune=commune("44109")))
    assert "110" in errors["revenue_public_pct"][0]


def test_it_refuses_a_share_above_100():
    errors = errors_of(WorkshopFactory.build(revenue_own_pct=120, commune=commune("44109")))
    assert "revenue_own_pct" in errors


def test_it_refuses_unknown_services():
    errors = errors_of(WorkshopFactory.build(services=["open_lab", "teleportation"], commune=commune("44109")))
    assert "teleportation" in errors["services"][0]


def test_it_refuses_a_summary_longer_than_280_characters():
    errors = errors_of(WorkshopFactory.build(summary="x" * 281, commune=commune("44109")))
    assert "summary" in errors


def test_it_refuses_negative_figures():
    errors = errors_of(WorkshopFactory.build(staff_fte=-1, commune=commune("44109")))
    assert "staff_fte" in errors


def test_the_commune_sets_the_stored_department_and_region():
    workshop = WorkshopFactory(commune=commune("2B033"), postal_code="20200", latitude=42.6977, longitude=9.4508)
    workshop.refresh_from_db()
    assert (workshop.department_id, workshop.region_id) == ("2B", "94")
