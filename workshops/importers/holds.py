"""Why an import holds a row pending instead of publishing it, kept as a code and its figures.

The import report gives the reason in the language of whoever ran the import; the workshop's
source record keeps the code and the figures (`WorkshopSource.holds`), so that the moderators who
review the workshop read the reason in their own language.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

REASONS = {
    "other_area": _("The coordinates %(lat)s, %(lon)s are in another part of France than %(commune)s (%(dep)s)."),
    "far_from_commune": _(
        "The position %(lat)s, %(lon)s is %(distance)d km from the centre of %(commune)s (department %(dep)s), "
        "the commune the other evidence names; check the address before publishing."
    ),
    "position_only": _(
        "Only the position points at %(commune)s: neither the INSEE code, the postal code nor the commune name do."
    ),
    "formula_like_name": _("The name starts like a spreadsheet formula: held for a moderator, not published."),
}


@dataclass(frozen=True)
class Hold:
    """One reason to hold a row; as a string, its sentence in the current language (the import report's)."""

    code: str  # a key of REASONS
    params: dict = field(default_factory=dict)

    def __str__(self):
        return in_words(self.stored())

    def stored(self) -> dict:
        """What `WorkshopSource.holds` keeps of it (JSON)."""
        return {"code": self.code, "params": self.params}


def in_words(stored: dict) -> str:
    """A stored hold in the current language; "" for none (a workshop imported before holds were
    kept, or not held), or for one whose figures no longer fit its sentence."""
    message = REASONS.get((stored or {}).get("code"))
    if message is None:
        return ""
    try:
        return str(message) % stored.get("params", {})
    except (KeyError, TypeError, ValueError):
        return ""
