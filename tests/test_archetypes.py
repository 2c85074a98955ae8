"""The pure classifier: realistic profiles of each archetype, neighbours, and what it will not guess."""

import json
from dataclasses import replace

import pytest

from workshops.archetypes import CRITERIA, DEFINITIONS, RULES_VERSION, EquipmentSummary, Profile, classify


def equipment(machines, professional=0, *categories):
    return EquipmentSummary(machines=machines, professional=professional, categories=frozenset(categories))


def profile(carrier="", labels=(), audiences=(), services=(), access="", pricing="", kit=None, revenue=None):
    public, own, private = revenue or (None, None, None)
    return Profile(
        carrier_type=carrier,
        labels=frozenset(labels),
        audiences=frozenset(audiences),
        services=frozenset(services),
        access=access,
        pricing=pricing,
        equipment=kit or EquipmentSummary(),
        revenue_public_pct=public,
        revenue_own_pct=own,
        revenue_private_pct=private,
    )


EXAMPLES = {
    "a médiathèque's digital space with two 3D printers, free, general public": (
        1,
        profile(
            "public_digital_space",
            audiences=["general_public", "seniors"],
            services=["digital_inclusion", "training"],
            access="open",
            pricing="free",
            kit=equipment(2, 0, "3d_printing"),
            revenue=(95, 5, 0),
        ),
    ),
    "a town's EPN labelled France Services, with a printer, a vinyl cutter and robots": (
        1,
        profile(
            "local_authority",
            labels=["france_services"],
            audiences=["general_public", "job_seekers", "children"],
            services=["digital_inclusion", "school_programs"],
            access="open",
            pricing="free",
            kit=equipment(4, 0, "3d_printing", "vinyl_cutting", "computing"),
        ),
    ),
    "a social centre's cyber-base for seniors with a printer and a diode laser": (
        1,
        profile(
            "other",
            labels=["numerique_inclusif"],
            audiences=["seniors", "general_public"],
            services=["digital_inclusion"],
            access="open",
            pricing="free",
            kit=equipment(2, 0, "3d_printing", "laser_cutting", "computing"),
            revenue=(80, 10, 10),
        ),
    ),
    "a rural tiers-lieu with coworking, a café and a small fablab run by an association": (
        2,
        profile(
            "association",
            labels=["fabrique_de_territoire"],
            audiences=["general_public", "artisans", "associations"],
            services=["coworking", "repair", "events", "open_lab"],
            access="open",
            pricing="membership",
            kit=equipment(3, 0, "3d_printing", "laser_cutting", "wood"),
            revenue=(40, 40, 20),
        ),
    ),
    "a cultural wasteland turned third place, with residencies and machines rented to craftspeople": (
        2,
        profile(
            "association",
            audiences=["artisans", "associations", "entrepreneurs"],
            services=["residencies", "events", "coworking", "machine_rental"],
            access="members",
            pricing="membership",
            kit=equipment(5, 0, "wood", "cnc_milling", "laser_cutting"),
            revenue=(50, 30, 20),
        ),
    ),
    "a village hall tiers-lieu run by the commune with a repair café": (
        2,
        profile(
            "local_authority",
            labels=["fabrique_de_territoire"],
            audiences=["general_public", "associations"],
            services=["coworking", "repair"],
            access="open",
            pricing="pay_per_use",
            kit=equipment(2, 0, "3d_printing", "textile"),
            revenue=(55, 45, 0),
        ),
    ),
    "an associative maker fablab with membership": (
        3,
        profile(
            "association",
            labels=["fab_charter", "rfflabs"],
            audiences=["general_public", "students"],
            services=["open_lab", "training", "events"],
            access="members",
            pricing="membership",
            kit=equipment(8, 0, "3d_printing", "laser_cutting", "cnc_milling", "electronics", "vinyl_cutting"),
            revenue=(35, 45, 20),
        ),
    ),
    "a hackerspace open to all, with printers, electronics and a laser": (
        3,
        profile(
            "association",
            audiences=["general_public", "children"],
            services=["open_lab", "repair", "training"],
            access="open",
            pricing="membership",
            kit=equipment(5, 0, "3d_printing", "electronics", "laser_cutting"),
        ),
    ),
    "a city-supported fablab, pay per use, following the Fab Lab charter": (
        3,
        profile(
            "association",
            labels=["fab_charter"],
            audiences=["general_public", "entrepreneurs", "students"],
            services=["open_lab", "training", "prototyping"],
            access="open",
            pricing="pay_per_use",
            kit=equipment(
                10, 0, "3d_printing", "laser_cutting", "cnc_milling", "electronics", "textile", "3d_scanning"
            ),
            revenue=(50, 40, 10),
        ),
    ),
    "a university fablab with professional machines open to companies": (
        4,
        profile(
            "higher_education",
            labels=["fab_charter"],
            audiences=["students", "researchers", "companies"],
            services=["prototyping", "training", "business_support"],
            access="on_request",
            pricing="quote",
            kit=equipment(20, 8, "3d_printing", "laser_cutting", "cnc_milling", "electronics", "3d_scanning"),
            revenue=(75, 20, 5),
        ),
    ),
    "an engineering school's innovation platform open to start-ups": (
        4,
        profile(
            "higher_education",
            audiences=["students", "entrepreneurs"],
            services=["prototyping", "events"],
            access="on_request",
            pricing="pay_per_use",
            kit=equipment(10, 2, "3d_printing", "laser_cutting", "electronics"),
            revenue=(60, 30, 10),
        ),
    ),
    "a research laboratory's internal prototyping platform": (
        4,
        profile(
            "higher_education",
            audiences=["researchers", "students"],
            services=["prototyping"],
            access="internal",
            pricing="free",
            kit=equipment(12, 6, "3d_printing", "cnc_milling", "metal", "electronics"),
            revenue=(90, 10, 0),
        ),
    ),
    "a paid prototyping workshop for start-ups with industrial machines": (
        5,
        profile(
            "company",
            labels=["manufacture_de_proximite"],
            audiences=["companies", "entrepreneurs"],
            services=["prototyping", "fabrication", "business_support"],
            access="on_request",
            pricing="quote",
            kit=equipment(12, 10, "3d_printing", "cnc_milling", "metal", "laser_cutting"),
            revenue=(0, 90, 10),
        ),
    ),
    "a small design office with a professional printer and a scanner": (
        5,
        profile(
            "company",
            audiences=["companies"],
            services=["prototyping", "fabrication"],
            access="on_request",
            pricing="quote",
            kit=equipment(4, 1, "3d_printing", "3d_scanning", "computing"),
            revenue=(0, 100, 0),
        ),
    ),
    "a cooperative renting industrial machines to craftspeople and small firms": (
        5,
        profile(
            "other",
            labels=["manufacture_de_proximite"],
            audiences=["artisans", "companies"],
            services=["machine_rental", "fabrication"],
            access="open",
            pricing="pay_per_use",
            kit=equipment(6, 6, "cnc_milling", "metal", "wood"),
            revenue=(30, 70, 0),
        ),
    ),
    "a vocational training centre's digital workshop": (
        6,
        profile(
            "school",
            labels=["grande_ecole_numerique"],
            audiences=["job_seekers", "students"],
            services=["training", "school_programs"],
            access="internal",
            pricing="free",
            kit=equipment(5, 0, "3d_printing", "laser_cutting", "cnc_milling"),
            revenue=(80, 20, 0),
        ),
    ),
    "a vocational high school's workshop": (
        6,
        profile(
            "school",
            audiences=["students", "schools"],
            services=["school_programs"],
            access="internal",
            pricing="free",
            kit=equipment(3, 0, "3d_printing", "computing"),
        ),
    ),
    "an associative digital academy for job seekers": (
        6,
        profile(
            "association",
            labels=["grande_ecole_numerique"],
            audiences=["job_seekers"],
            services=["training"],
            access="on_request",
            pricing="free",
            kit=equipment(4, 0, "3d_printing", "laser_cutting", "electronics"),
            revenue=(85, 15, 0),
        ),
    ),
}


@pytest.mark.parametrize("description", EXAMPLES)
def test_it_classifies_realistic_profiles(description):
    expected, example = EXAMPLES[description]
    result = classify(example)
    assert result.archetype == expected, result.summary_en
    assert set(result.scores) == set(DEFINITIONS)
    assert result.rules_version == RULES_VERSION


def test_it_has_at_least_three_examples_per_archetype():
    expected = [number for number, _ in EXAMPLES.values()]
    assert all(expected.count(number) >= 3 for number in DEFINITIONS)


def test_it_explains_the_choice_in_french_and_english_naming_the_deciding_criteria():
    result = classify(EXAMPLES["a médiathèque's digital space with two 3D printers, free, general public"][1])
    assert result.summary("fr").startswith("Archétype 1 « Nouveaux espaces de médiation numérique »")
    assert "Critères décisifs : origine de l’initiative et gouvernance" in result.summary("fr")
    assert "Deciding criteria: origin of the initiative and governance" in result.summary("en")
    assert set(result.deciding) <= set(CRITERIA)
    first = result.reasons[0]
    assert (first.kind, first.criterion, first.points) == ("for", "governance", 5)
    assert first.text("fr") == "portée par un espace public numérique ou une médiathèque"
    assert first.text("en") == "carried by a public digital space or a library"


def test_it_lists_what_weighed_against_the_winner():
    base = EXAMPLES["a university fablab with professional machines open to companies"][1]
    result = classify(base)
    assert all(r.points > 0 for r in result.reasons if r.kind == "for")
    research_lab = classify(EXAMPLES["a research laboratory's internal prototyping platform"][1])
    assert [r.en for r in research_lab.reasons if r.kind == "against"] == []
    design_office = classify(EXAMPLES["a small design office with a professional printer and a scanner"][1])
    assert design_office.archetype == 5
    assert design_office.missing == ()


def test_its_confidence_grows_with_what_is_known():
    full = EXAMPLES["a médiathèque's digital space with two 3D printers, free, general public"][1]
    partial = profile("public_digital_space", services=["digital_inclusion"], access="open", pricing="free")
    assert classify(full).confidence > classify(partial).confidence > 0
    assert classify(partial).missing == ("equipment", "business_model")
    assert classify(full).confidence <= 1


# Neighbours: one criterion changes, the archetype follows.


def test_it_tells_a_mediation_space_from_a_generic_fablab():
    shared = {
        "carrier": "local_authority",
        "audiences": ["general_public", "children"],
        "access": "open",
        "kit": equipment(4, 0, "3d_printing", "laser_cutting", "vinyl_cutting"),
    }
    mediation = classify(profile(**shared, services=["digital_inclusion", "training"], pricing="free"))
    fablab = classify(
        profile(**shared, services=["open_lab", "training"], pricing="membership", labels=["fab_charter"])
    )
    assert (mediation.archetype, fablab.archetype) == (1, 3)
    assert "access" in mediation.deciding
    assert "positioning" in fablab.deciding


def test_it_tells_a_territorial_lab_from_a_prototyping_workshop_by_who_carries_it():
    shared = {
        "audiences": ["companies", "entrepreneurs", "students"],
        "services": ["prototyping", "fabrication"],
        "access": "on_request",
        "pricing": "quote",
        "kit": equipment(15, 6, "3d_printing", "cnc_milling", "laser_cutting", "metal"),
        "revenue": (45, 45, 10),
    }
    university = classify(profile("higher_education", **shared))
    company = classify(profile("company", **shared))
    assert (university.archetype, company.archetype) == (4, 5)
    assert university.deciding == ("governance",)
    assert company.deciding[0] == "governance"


def test_it_tells_a_village_square_from_a_generic_fablab():
    shared = {
        "carrier": "association",
        "audiences": ["general_public"],
        "access": "open",
        "pricing": "membership",
        "kit": equipment(5, 0, "3d_printing", "laser_cutting", "wood"),
        "revenue": (45, 40, 15),
    }
    village = classify(profile(**shared, services=["coworking", "repair", "events"], labels=["fabrique_de_territoire"]))
    fablab = classify(profile(**shared, services=["open_lab", "training"], labels=["fab_charter"]))
    assert (village.archetype, fablab.archetype) == (2, 3)
    assert village.deciding == fablab.deciding == ("governance", "positioning")


def test_a_rural_commune_makes_a_hybrid_place_a_village_square():
    hybrid = {
        "carrier": "association",
        "audiences": ["artisans"],
        "services": ["open_lab", "coworking"],
        "access": "open",
        "pricing": "membership",
    }
    in_town = classify(profile(**hybrid))
    in_the_country = classify(replace(profile(**hybrid), rural=True))

    assert in_town.archetype is None  # 2 and 3 tied
    assert in_the_country.archetype == 2
    assert "in a rural commune (fewer than 5,000 people)" in [r.en for r in in_the_country.reasons if r.kind == "for"]


def test_a_rural_commune_does_not_make_a_generic_fablab_a_village_square():
    fablab = replace(profile(labels=["fab_charter"], services=["open_lab"], access="open"), rural=True)
    assert classify(fablab).archetype == 3


def test_a_rural_commune_alone_is_no_criterion_and_no_archetype():
    assert Profile(rural=True).known_criteria() == ()
    assert classify(Profile(rural=True, purpose="territory")).archetype is None


# Never a guess.


def test_it_does_not_classify_an_empty_profile_and_says_what_is_missing():
    result = classify(Profile())
    assert result.archetype is None
    assert not result.classified
    assert result.missing == tuple(CRITERIA)
    assert result.confidence == 0
    assert [r.kind for r in result.reasons] == ["missing"] * 5
    assert result.reasons[0].text("fr") == (
        "Non renseigné : la structure porteuse, l’origine de l’initiative ou sa gouvernance."
    )
    assert result.summary("en") == "Not classified: too little is known (0 of 5 criteria given)."


def test_it_does_not_classify_on_two_criteria_even_telling_ones():
    result = classify(profile("company", access="on_request", pricing="quote"))
    assert result.archetype is None
    assert result.missing == ("positioning", "equipment", "business_model")
    assert result.scores[5] > 0  # the scores are still there, for transparency


def test_it_needs_the_governance_or_the_positioning():
    result = classify(profile(access="open", pricing="free", kit=equipment(2), revenue=(90, 10, 0)))
    assert result.archetype is None
    assert result.missing == ("governance", "positioning")


def test_it_does_not_classify_without_enough_evidence():
    result = classify(profile("other", services=["events"], access="on_request"))
    assert result.archetype is None
    assert max(result.scores.values()) < 5
    assert result.summary_en.startswith("Not classified: no archetype gathers enough evidence")


def test_it_does_not_break_a_tie():
    result = classify(
        profile(
            "association",
            audiences=["artisans"],
            services=["open_lab", "coworking"],
            access="open",
            pricing="membership",
        )
    )
    assert result.scores[2] == result.scores[3]
    assert result.archetype is None
    assert result.summary_fr == "Non classé : égalité entre les archétypes 2 et 3 (10 points)."


def test_its_stored_form_is_json_with_a_summary_first():
    result = classify(EXAMPLES["an associative maker fablab with membership"][1])
    stored = json.loads(json.dumps(result.stored_reasons()))
    assert stored[0]["kind"] == "summary"
    assert stored[0]["confidence"] == result.confidence
    assert {r["kind"] for r in stored[1:]} <= {"for", "against", "missing"}
    assert all(r["fr"] and r["en"] and r["criterion"] in CRITERIA for r in stored[1:])


@pytest.mark.parametrize(
    ("kit", "level"),
    [
        (equipment(0), None),
        (equipment(2, 0, "3d_printing"), "basic"),
        (equipment(3, 0, "3d_printing", "vinyl_cutting", "laser_cutting"), "intermediate"),
        (equipment(2, 0, "3d_printing", "wood"), "intermediate"),
        (equipment(6, 0, "3d_printing"), "intermediate"),
        (equipment(2, 1, "3d_printing"), "advanced"),
        (equipment(8, 0, "3d_printing", "laser_cutting", "cnc_milling", "electronics"), "advanced"),
        (equipment(5, 3, "3d_printing", "metal"), "industrial"),
    ],
)
def test_it_derives_the_equipment_level_from_the_inventory(kit, level):
    assert kit.level == level


def test_every_archetype_has_a_french_and_english_name_and_definition():
    assert sorted(DEFINITIONS) == [1, 2, 3, 4, 5, 6]
    assert DEFINITIONS[2].name("fr") == "Place de village 4.0"
    assert DEFINITIONS[2].name("en") == "Village square 4.0"
    assert all(d.definition("fr") and d.definition("en") and d.number == n for n, d in DEFINITIONS.items())
