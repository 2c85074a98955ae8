"""Each archetype's typical profile (docs/archetypes.md, "Typical profiles") classifies right, on all
five criteria, origin and governance included; and the borderline cases the study's descriptions
settle: a municipal fablab, a tiers-lieu hosted by a university, an associative fablab selling to
companies."""

import pytest

from workshops.archetypes import DOMINANT_SHARE_PCT, EquipmentSummary, Profile, classify


def kit(machines, professional=0, *categories):
    return EquipmentSummary(machines=machines, professional=professional, categories=frozenset(categories))


def profile(**fields):
    for name in ("labels", "audiences", "services"):
        fields[name] = frozenset(fields.get(name, ()))
    public, own, private = fields.pop("revenue", (None, None, None))
    return Profile(**fields, revenue_public_pct=public, revenue_own_pct=own, revenue_private_pct=private)


TYPICAL = {
    1: profile(
        carrier_type="public_digital_space",
        initiative_origin="local_authority",
        governance="public_body",
        purpose="digital_inclusion",
        audiences=["general_public", "seniors", "job_seekers"],
        services=["digital_inclusion", "training"],
        access="open",
        pricing="free",
        equipment=kit(3, 0, "3d_printing", "vinyl_cutting"),
        revenue=(90, 10, 0),
    ),
    2: profile(
        carrier_type="third_place",
        initiative_origin="citizens",
        governance="cooperative",
        labels=["fabrique_de_territoire", "france_tiers_lieux"],
        purpose="territory",
        audiences=["general_public", "artisans", "associations"],
        services=["coworking", "repair", "events"],
        access="open",
        pricing="membership",
        equipment=kit(4, 0, "3d_printing", "laser_cutting", "wood"),
        revenue=(45, 40, 15),
    ),
    3: profile(
        carrier_type="association",
        initiative_origin="citizens",
        governance="members",
        labels=["fab_charter"],
        purpose="community",
        audiences=["general_public", "children"],
        services=["open_lab", "training"],
        access="open",
        pricing="membership",
        equipment=kit(8, 0, "3d_printing", "laser_cutting", "electronics", "vinyl_cutting"),
        revenue=(40, 45, 15),
    ),
    4: profile(
        carrier_type="higher_education",
        initiative_origin="higher_education",
        governance="institution",
        purpose="innovation",
        audiences=["students", "researchers", "companies"],
        services=["prototyping", "training"],
        access="on_request",
        pricing="quote",
        equipment=kit(20, 4, "3d_printing", "cnc_milling", "laser_cutting", "electronics", "metal"),
        revenue=(70, 25, 5),
    ),
    5: profile(
        carrier_type="company",
        initiative_origin="company",
        governance="company",
        purpose="business",
        audiences=["companies", "entrepreneurs"],
        services=["prototyping", "fabrication", "business_support"],
        access="on_request",
        pricing="quote",
        equipment=kit(15, 6, "3d_printing", "cnc_milling", "laser_cutting", "metal"),
        revenue=(5, 90, 5),
    ),
    6: profile(
        carrier_type="school",
        initiative_origin="school",
        governance="institution",
        labels=["grande_ecole_numerique"],
        purpose="training",
        audiences=["students", "job_seekers"],
        services=["training", "school_programs"],
        access="internal",
        pricing="free",
        equipment=kit(6, 0, "3d_printing", "laser_cutting", "electronics"),
        revenue=(80, 20, 0),
    ),
}


@pytest.mark.parametrize("number", sorted(TYPICAL))
def test_each_archetypes_typical_profile_classifies_as_that_archetype(number):
    result = classify(TYPICAL[number])
    assert result.archetype == number, result.summary_en
    assert result.missing == ()


@pytest.mark.parametrize("number", sorted(TYPICAL))
def test_the_first_criterion_weighs_in_each_typical_profile(number):
    result = classify(TYPICAL[number])
    assert "governance" in result.deciding, result.summary_en
    governance_points = sum(r.points for r in result.reasons if r.criterion == "governance" and r.kind == "for")
    assert governance_points >= 4


def test_a_municipal_fablab_is_a_generic_fablab_not_a_mediation_space():
    municipal = profile(
        carrier_type="local_authority",
        labels=["rfflabs"],
        audiences=["general_public"],
        services=["open_lab"],
        access="open",
        pricing="free",
        equipment=kit(5, 0, "3d_printing", "laser_cutting", "vinyl_cutting"),
        revenue=(85, 15, 0),
    )
    result = classify(municipal)
    assert result.archetype == 3, result.summary_en
    assert result.scores[3] > result.scores[1]


def test_a_municipal_digital_space_with_printers_stays_a_mediation_space():
    """The municipal fablab's neighbour: the same carrier and price, but mediation, not an open lab."""
    result = classify(
        profile(
            carrier_type="local_authority",
            audiences=["general_public", "seniors"],
            services=["digital_inclusion"],
            access="open",
            pricing="free",
            equipment=kit(2, 0, "3d_printing"),
            revenue=(85, 15, 0),
        )
    )
    assert result.archetype == 1, result.summary_en


def test_a_tiers_lieu_hosted_by_a_university_is_a_territorial_innovation_lab():
    hosted = profile(
        carrier_type="higher_education",
        initiative_origin="higher_education",
        governance="shared",
        labels=["france_tiers_lieux"],
        audiences=["students", "researchers", "entrepreneurs", "general_public"],
        services=["coworking", "events", "prototyping"],
        access="open",
        pricing="pay_per_use",
        equipment=kit(12, 1, "3d_printing", "laser_cutting", "cnc_milling", "electronics"),
        revenue=(60, 30, 10),
    )
    result = classify(hosted)
    assert result.archetype == 4, result.summary_en
    assert result.scores[2] < result.scores[4]


def test_the_same_tiers_lieu_started_and_run_by_its_community_is_a_village_square():
    result = classify(
        profile(
            carrier_type="third_place",
            initiative_origin="third_place",
            governance="cooperative",
            labels=["france_tiers_lieux"],
            audiences=["students", "entrepreneurs", "general_public"],
            services=["coworking", "events", "prototyping"],
            access="open",
            pricing="pay_per_use",
            equipment=kit(12, 1, "3d_printing", "laser_cutting", "cnc_milling", "electronics"),
            revenue=(40, 45, 15),
        )
    )
    assert result.archetype == 2, result.summary_en


def test_an_associative_fablab_selling_to_companies_stays_a_generic_fablab():
    selling = profile(
        carrier_type="association",
        initiative_origin="citizens",
        governance="members",
        labels=["fab_charter"],
        audiences=["general_public", "companies", "entrepreneurs"],
        services=["open_lab", "training", "fabrication", "prototyping"],
        access="open",
        pricing="pay_per_use",
        equipment=kit(10, 1, "3d_printing", "laser_cutting", "cnc_milling", "electronics"),
        revenue=(20, 70, 10),
    )
    result = classify(selling)
    assert result.archetype == 3, result.summary_en
    assert result.scores[5] < result.scores[3]


def test_own_revenue_is_not_read_as_business_income():
    """Memberships and training fees are own revenue too: a dominant share alone says little."""
    base = {"carrier_type": "association", "services": ["open_lab"], "access": "open", "pricing": "membership"}
    lean = classify(profile(**base, revenue=(40, 40, 20)))
    own = classify(profile(**base, revenue=(10, 80, 10)))
    assert own.archetype == lean.archetype == 3
    assert own.scores[5] - lean.scores[5] <= 1


def test_a_share_is_dominant_only_above_half():
    half = classify(profile(carrier_type="association", services=["open_lab"], revenue=(50, 30, 20)))
    above = classify(profile(carrier_type="association", services=["open_lab"], revenue=(51, 29, 20)))
    facts = lambda result: {r.en for r in result.reasons}  # noqa: E731
    assert DOMINANT_SHARE_PCT == 50
    assert "hybrid business model (no dominant source)" in facts(half)
    assert "hybrid business model (no dominant source)" not in facts(above)


def test_the_declared_equipment_level_counts_when_no_machine_is_listed():
    declared = profile(carrier_type="association", services=["open_lab"], declared_equipment_level="advanced")
    listed = profile(
        carrier_type="association", services=["open_lab"], declared_equipment_level="advanced", equipment=kit(1)
    )
    assert declared.equipment_level == "advanced"
    assert listed.equipment_level == "basic"  # the inventory speaks first
    assert "equipment" in declared.known_criteria()


def test_origin_and_governance_alone_make_the_first_criterion_known():
    assert Profile(initiative_origin="citizens").known_criteria() == ("governance",)
    assert Profile(governance="members").known_criteria() == ("governance",)
    assert Profile(purpose="community").known_criteria() == ("positioning",)
