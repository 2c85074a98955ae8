"""Provisional criteria inferred from what a source says, each with its reason."""

import pytest
from django.utils import translation

from workshops.archetypes import Profile, classify
from workshops.importers.inference import carrier, infer


@pytest.mark.parametrize(
    ("name", "email", "expected"),
    [
        ("Fablab IUT Alençon", "", "higher_education"),
        ("Fabric'INSA", "", "higher_education"),
        ("FabLab du lycée Vauban", "", "school"),
        ("Le Lab", "contact@ac-rennes.fr", "school"),
        ("Médiathèque de Cluny", "", "public_digital_space"),
        ("EPN Lab Barenton", "", "public_digital_space"),
        ("MJC Fablab", "", "association"),
        ("FabLab CCI Nantes", "", "other"),
        ("Atelier", "x@univ-rennes.fr", "higher_education"),
        ("Ping", "contact@ping.org", None),
    ],
)
def test_names_and_email_domains_say_the_carrier(name, email, expected):
    found = carrier(name, email)
    assert (found[0] if found else None) == expected


def _profile(inferred):
    return Profile(
        carrier_type=inferred.get("carrier_type", {}).get("value", ""),
        labels=frozenset(inferred.get("labels", {}).get("value", ())),
        audiences=frozenset(inferred.get("audiences", {}).get("value", ())),
        services=frozenset(inferred.get("services", {}).get("value", ())),
        access=inferred.get("access", {}).get("value", ""),
        pricing=inferred.get("pricing", {}).get("value", ""),
    )


@pytest.mark.parametrize(
    ("name", "archetype"),
    [("Ping Fablab", 3), ("Fablab IUT Alençon", 4), ("FabLab du lycée Vauban", 6), ("EPN Lab Barenton", 1)],
)
def test_a_census_fablab_gets_a_provisional_archetype(name, archetype):
    inferred = infer(name, fablab=True)

    assert classify(_profile(inferred)).archetype == archetype
    assert all(value["fr"] and value["en"] for value in inferred.values())


def test_a_coworking_fablab_is_a_hybrid_place_and_a_rural_commune_is_said():
    inferred = infer("Tiers-lieu coworking et fablab", fablab=True, rural=True)

    assert "coworking" in inferred["services"]["value"]
    assert inferred["rural"]["value"] is True


def test_nothing_is_inferred_from_a_place_the_source_does_not_type():
    assert infer("Le Bureau Partagé") == {}


def test_the_english_reason_is_english_whatever_the_language_of_the_import():
    with translation.override("fr"):
        inferred = infer("Eirlab", "eirlab@enseirb-matmeca.fr", charter=True)

    assert inferred["carrier_type"]["en"] == (
        "“enseirb” in the name or e-mail address: carried by higher education or research"
    )
