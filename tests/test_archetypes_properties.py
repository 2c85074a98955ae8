"""Properties of `classify` over every valid profile (hypothesis)."""

import json

from hypothesis import given
from hypothesis import strategies as st

from workshops.archetypes import CRITERIA, DEFINITIONS, MIN_CRITERIA, EquipmentSummary, Profile, classify
from workshops.vocabularies import Access, Audience, CarrierType, EquipmentCategory, Label, Pricing, Service


def unknown_or(values):
    return st.sampled_from(["", *values])


@st.composite
def inventories(draw):
    machines = draw(st.integers(0, 300))
    return EquipmentSummary(
        machines=machines,
        professional=draw(st.integers(0, machines)),
        categories=draw(st.frozensets(st.sampled_from(EquipmentCategory.values), min_size=min(machines, 1))),
    )


@st.composite
def revenue_mixes(draw):
    public = draw(st.none() | st.integers(0, 100))
    own = draw(st.none() | st.integers(0, 100 - (public or 0)))
    private = draw(st.none() | st.integers(0, 100 - (public or 0) - (own or 0)))
    return public, own, private


@st.composite
def profiles(draw):
    public, own, private = draw(revenue_mixes())
    return Profile(
        carrier_type=draw(unknown_or(CarrierType.values)),
        labels=draw(st.frozensets(st.sampled_from(Label.values))),
        audiences=draw(st.frozensets(st.sampled_from(Audience.values))),
        services=draw(st.frozensets(st.sampled_from(Service.values))),
        access=draw(unknown_or(Access.values)),
        pricing=draw(unknown_or(Pricing.values)),
        equipment=draw(inventories()),
        revenue_public_pct=public,
        revenue_own_pct=own,
        revenue_private_pct=private,
    )


@given(profiles())
def test_it_is_deterministic(profile):
    assert classify(profile) == classify(profile)


@given(profiles())
def test_it_is_total_and_scores_all_six(profile):
    result = classify(profile)
    assert set(result.scores) == set(DEFINITIONS)
    assert all(isinstance(score, int) for score in result.scores.values())
    assert result.archetype in (None, *DEFINITIONS)
    assert 0 <= result.confidence <= 1
    json.dumps(result.stored_reasons())


@given(profiles())
def test_its_chosen_archetype_has_the_highest_score(profile):
    result = classify(profile)
    if result.classified:
        best = result.scores[result.archetype]
        assert all(best > score for number, score in result.scores.items() if number != result.archetype)
        assert result.deciding and set(result.deciding) <= set(CRITERIA)
        assert any(reason.kind == "for" for reason in result.reasons)
        assert result.confidence > 0


@given(profiles())
def test_it_says_what_is_missing_and_never_guesses_on_too_little(profile):
    result = classify(profile)
    known = profile.known_criteria()
    assert result.missing == tuple(c for c in CRITERIA if c not in known)
    assert [r.criterion for r in result.reasons if r.kind == "missing"] == list(result.missing)
    if len(known) < MIN_CRITERIA:
        assert result.archetype is None
        assert result.confidence == 0
