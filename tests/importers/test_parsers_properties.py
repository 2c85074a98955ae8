"""Row parsers never raise, whatever a cell holds: they return fields or a reasoned rejection."""

from hypothesis import given, settings
from hypothesis import strategies as st

from workshops.importers import cget, cleaning, fablabs
from workshops.importers.base import ParsedRow, Rejection
from workshops.importers.gazetteer import Gazetteer, Place

from .conftest import CGET_HEADER, cget_row, lab

GAZETTEER = Gazetteer(
    [
        Place("44109", "Nantes", "44", "52", 47.2181, -1.5528),
        Place("71137", "Cluny", "71", "27"),
        Place("97422", "Le Tampon", "974", "04"),
    ],
    [("44000", "44109"), ("44100", "44109"), ("71250", "71137"), ("97430", "97422")],
)
cells = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["0", "", "44109", "44000", "47.2", "-1.55", "1e400", "nan", "Nantes", "www.x.fr", "a@b.fr"]),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(CGET_HEADER), cells), st.booleans())
def test_the_census_row_parser_never_raises(values, include_all):
    result = cget.parse_row(2, cget_row(**values), GAZETTEER, include_all)

    assert isinstance(result, ParsedRow | Rejection)
    if isinstance(result, ParsedRow):
        assert result.name and result.fields["commune"] in {"44109", "71137", "97422"}
        latitude, longitude = result.fields["latitude"], result.fields["longitude"]
        assert (latitude is None) == (longitude is None)
        assert result.fields["website"] == "" or result.fields["website"].startswith("http")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(list(lab())), json_values))
def test_the_fablabs_parser_never_raises(values):
    result = fablabs.parse_lab(1, lab(**values), GAZETTEER)

    assert isinstance(result, ParsedRow | Rejection)
    if isinstance(result, ParsedRow):
        assert set(result.equipment) <= set(fablabs.CAPABILITY_TYPES.values())
        assert len(result.fields["summary"]) <= 280


@given(json_values)
def test_the_fablabs_parser_takes_any_json_entry(value):
    assert isinstance(fablabs.parse_lab(1, value, GAZETTEER), ParsedRow | Rejection)


@given(st.text(max_size=60))
def test_cleaning_helpers_never_raise(value):
    assert isinstance(cleaning.website(value), str)
    assert isinstance(cleaning.email(value), str)
    assert cleaning.coordinate(value) is None or isinstance(cleaning.coordinate(value), float)
    assert cleaning.postal_code(value) == "" or len(cleaning.postal_code(value)) == 5
