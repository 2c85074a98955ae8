"""docs/archetypes.md keeps up with the rules."""

from pathlib import Path

from workshops.archetypes import CRITERIA, DEFINITIONS, RULES

DOC = (Path(__file__).resolve().parent.parent / "docs" / "archetypes.md").read_text()


def points_text(points):
    ordered = sorted(points.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{'+' if value > 0 else '−'}{abs(value)} → {number}" for number, value in ordered)


def test_it_lists_every_rule_with_its_points():
    for rule in RULES:
        assert f"| {rule.en} | {points_text(rule.points)} |" in DOC, rule.en


def test_it_names_every_criterion_and_archetype():
    assert all(f"#### {labels[1]}" in DOC for labels in CRITERIA.values())
    for definition in DEFINITIONS.values():
        assert definition.name_en in DOC
        assert definition.name_fr.replace("’", "'") in DOC
