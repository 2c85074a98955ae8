"""The questionnaire engine on plain data: each type's validation and each show-if case."""

import pytest
from django.utils import translation

from surveys import engine, loader


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


CHOICES = [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}, {"code": "c", "label": "C"}]


def question(code="q", type="single", **extra):
    return {"code": code, "type": type, "choices": CHOICES if type in ("single", "multiple") else [], **extra}


def check(spec, *values):
    return engine.validate([spec], {spec["code"]: list(values)})


def test_it_accepts_one_known_choice():
    assert check(question(), "b") == ({"q": "b"}, {})


def test_it_refuses_an_unknown_choice_naming_it():
    answers, errors = check(question(), "z")
    assert answers == {}
    assert "“z”" in errors["q"]


def test_it_refuses_two_answers_to_a_single_choice():
    assert "only one" in check(question(), "a", "b")[1]["q"]


def test_it_keeps_multiple_choices_in_the_questionnaire_order():
    assert check(question(type="multiple"), "c", "a") == ({"q": ["a", "c"]}, {})


def test_it_refuses_an_unknown_multiple_choice():
    assert "“x”" in check(question(type="multiple"), "a", "x")[1]["q"]


NONE_CHOICES = [*CHOICES, {"code": "none", "label": "None"}]


def test_it_refuses_none_with_another_choice_naming_the_question():
    spec = question(type="multiple", choices=NONE_CHOICES, text="Which machines do you use?")
    answers, errors = check(spec, "none", "a")
    assert answers == {}
    assert "“None”" in errors["q"]
    assert "“Which machines do you use?”" in errors["q"]


def test_it_accepts_none_alone():
    assert check(question(type="multiple", choices=NONE_CHOICES), "none") == ({"q": ["none"]}, {})


@pytest.mark.parametrize("value, expected", [("1", 1), ("5", 5)])
def test_it_accepts_the_scale_from_1_to_5(value, expected):
    assert check(question(type="scale"), value) == ({"q": expected}, {})


@pytest.mark.parametrize("value", ["0", "6", "3.5", "bof"])
def test_it_refuses_a_scale_value_outside_1_to_5(value):
    assert check(question(type="scale"), value)[1] == {"q": "Choose a value from 1 to 5."}


@pytest.mark.parametrize("value, expected", [("12", 12), ("2,5", 2.5), ("1 200", 1200), ("0", 0)])
def test_it_reads_numbers_french_style(value, expected):
    assert check(question(type="number", min=0, max=5000), value) == ({"q": expected}, {})


def test_it_says_which_bound_a_number_breaks():
    spec = question(type="number", min=0, max=100)
    assert check(spec, "-1")[1] == {"q": "Enter a number of at least 0."}
    assert check(spec, "101")[1] == {"q": "Enter a number of at most 100."}


@pytest.mark.parametrize("value", ["douze", "NaN", "Infinity", "1e"])
def test_it_refuses_what_is_not_a_number(value):
    assert check(question(type="number"), value)[1] == {"q": "Enter a number, e.g. 12 or 2.5."}


def test_it_strips_short_text_and_bounds_its_length():
    assert check(question(type="short_text"), "  bien  ") == ({"q": "bien"}, {})
    assert "200" in check(question(type="short_text"), "x" * 201)[1]["q"]


def test_it_bounds_long_text_at_2000_characters():
    assert check(question(type="long_text"), "x" * 2000)[1] == {}
    assert "(this answer has 2001)" in check(question(type="long_text"), "x" * 2001)[1]["q"]


def test_it_reads_yes_and_no_as_booleans():
    assert check(question(type="yes_no"), "yes") == ({"q": True}, {})
    assert check(question(type="yes_no"), "no") == ({"q": False}, {})
    assert check(question(type="yes_no"), "maybe")[1] == {"q": "Answer yes or no."}


@pytest.mark.parametrize("type", ["single", "scale", "number", "short_text", "long_text", "yes_no"])
def test_it_requires_required_questions_and_skips_blank_optional_ones(type):
    assert check(question(type=type, required=True), "  ")[1] == {"q": "This question is required."}
    assert check(question(type=type), "") == ({}, {})


def test_it_asks_for_at_least_one_choice_of_a_required_multiple():
    assert check(question(type="multiple", required=True))[1] == {"q": "Choose at least one answer."}


SCHEMA = [
    question("situation", required=True),
    question("detail", type="short_text", required=True, show_if={"question": "situation", "equals": "a"}),
    question("machines", type="multiple"),
    question("laser", type="yes_no", show_if={"question": "machines", "in": ["b", "c"]}),
    question("not_b", type="short_text", show_if={"question": "situation", "not_equals": "b"}),
    question("after_laser", type="scale", show_if={"question": "laser", "equals": "yes"}),
    question("answered", type="short_text", show_if={"question": "machines", "answered": True}),
]


def test_a_question_shown_by_equals_is_validated_and_required():
    answers, errors = engine.validate(SCHEMA, {"situation": ["a"]})
    assert errors == {"detail": "This question is required."}


def test_a_question_hidden_by_equals_is_neither_required_nor_stored():
    answers, errors = engine.validate(SCHEMA, {"situation": ["b"], "detail": ["sneaked in"]})
    assert errors == {}
    assert answers == {"situation": "b"}


def test_in_holds_when_any_listed_choice_is_among_a_multiple_answer():
    answers, _ = engine.validate(SCHEMA, {"situation": ["b"], "machines": ["a", "c"], "laser": ["yes"]})
    assert answers["laser"] is True
    answers, _ = engine.validate(SCHEMA, {"situation": ["b"], "machines": ["a"], "laser": ["yes"]})
    assert "laser" not in answers


def test_not_equals_holds_only_on_an_other_answer():
    assert engine.visible_codes(SCHEMA, {"situation": "c"})[:3] == ["situation", "machines", "not_b"]
    assert "not_b" not in engine.visible_codes(SCHEMA, {"situation": "b"})
    assert "not_b" not in engine.visible_codes(SCHEMA, {})


def test_a_rule_on_a_hidden_question_does_not_hold():
    raw = {"situation": ["b"], "machines": ["a"], "laser": ["yes"], "after_laser": ["3"]}
    answers, _ = engine.validate(SCHEMA, raw)
    assert "after_laser" not in answers
    raw["machines"] = ["b"]
    assert engine.validate(SCHEMA, raw)[0]["after_laser"] == 3


def test_answered_holds_once_the_question_has_an_answer():
    assert "answered" not in engine.visible_codes(SCHEMA, {"machines": []})
    assert "answered" in engine.visible_codes(SCHEMA, {"machines": ["a"]})


def test_check_schema_names_each_authoring_mistake():
    problems = engine.check_schema(
        [
            question("a", show_if={"question": "b", "equals": "x"}),
            question("b", type="multiple", choices=[]),
            question("c", type="number", min=5, max=1),
            question("c", type="color"),
            question("d", show_if={"question": "a"}),
        ]
    )
    assert problems == [
        "a: show-if refers to “b”, which is not an earlier question",
        "b: a multiple choice question needs choices",
        "c: the minimum is above the maximum",
        "c: the code is used twice",
        "c: unknown type “color”",
        "d: show-if needs exactly one of equals, not_equals, in, answered",
    ]


def test_the_shipped_questionnaires_are_sound():
    specs = [loader.read(path) for path in sorted(loader.DIRECTORY.glob("*.toml"))]
    assert [spec["slug"] for spec in specs] == ["manager", "user"]
    for spec in specs:
        assert engine.check_schema([q for s in spec["sections"] for q in s["questions"]]) == []


def test_a_broken_questionnaire_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(
        'slug = "x"\naudience = "user"\ntitle_fr = "X"\n[[sections]]\ntitle_fr = "S"\n'
        '[[sections.questions]]\ncode = "q"\ntype = "single"\ntext_fr = "Q ?"\n'
    )
    with pytest.raises(loader.QuestionnaireFileError, match="broken.toml: q: a single choice question needs choices"):
        loader.read(path)
