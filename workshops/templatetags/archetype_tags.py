"""`{% archetype_explanation workshop as why %}`: the "why this archetype" of a workshop page."""

from dataclasses import dataclass, field

from django import template

from afn_directory.i18n import content_language

from ..archetypes import CRITERIA, DEFINITIONS

register = template.Library()


@dataclass
class Explanation:
    number: int | None  # what the directory shows: the staff override first
    name: str = ""
    definition: str = ""
    overridden: bool = False
    override_reason: str = ""
    computed: int | None = None
    computed_name: str = ""
    summary: str = ""
    confidence: int | None = None  # percent
    rules_version: str = ""
    # (criterion, its facts in one line): one entry per criterion, in the study's order (CRITERIA).
    reasons_for: list[tuple[str, str]] = field(default_factory=list)
    reasons_against: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what to ask the manager for
    # Inferred from open data, not said by a manager: the archetype is provisional.
    provisional: bool = False
    inferred: list[str] = field(default_factory=list)


def _by_criterion(reasons, language: str) -> list[tuple[str, str]]:
    """(criterion's name, its facts joined) for each criterion with a reason, in the study's order.

    The stored reasons come strongest first, so one criterion may appear on several lines apart.
    """
    english = language == "en"
    facts = {code: [r[language] for r in reasons if r.get("criterion") == code] for code in CRITERIA}
    separator = "; " if english else " ; "  # French puts a space before a semicolon
    return [(CRITERIA[code][1 if english else 0], separator.join(found)) for code, found in facts.items() if found]


@register.simple_tag
def archetype_explanation(workshop) -> Explanation:
    """The shown archetype, its definition, the staff override and the classifier's reasons, in the page's language."""
    language = content_language()
    english = language == "en"
    number = workshop.effective_archetype
    definition = DEFINITIONS.get(number)
    computed = DEFINITIONS.get(workshop.archetype)
    summary, *reasons = workshop.archetype_reasons or [{}]
    explanation = Explanation(
        number=number,
        name=definition.name(language) if definition else "",
        definition=definition.definition(language) if definition else "",
        overridden=bool(workshop.archetype_override),
        override_reason=workshop.archetype_override_reason,
        computed=workshop.archetype,
        computed_name=computed.name(language) if computed else "",
        summary=summary.get(language, ""),
        confidence=round(summary["confidence"] * 100) if summary.get("confidence") else None,
        rules_version=workshop.archetype_rules_version,
        provisional=bool(summary.get("provisional")) and not workshop.archetype_override,
    )
    for reason in reasons:
        if reason.get("kind") == "provisional":
            explanation.inferred.append(reason.get(language, ""))
        elif reason.get("kind") == "missing" and reason.get("criterion") in CRITERIA:
            explanation.missing.append(CRITERIA[reason["criterion"]][3 if english else 2])
    explanation.reasons_for = _by_criterion([r for r in reasons if r.get("kind") == "for"], language)
    explanation.reasons_against = _by_criterion([r for r in reasons if r.get("kind") == "against"], language)
    return explanation
