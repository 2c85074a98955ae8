"""Where a profile stands: the registration steps and what is still missing."""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops.validators import is_shortened_link
from workshops.vocabularies import LocationPrecision

# A profile left unconfirmed this long gets a reminder and shows as "to confirm".
CONFIRM_EVERY = timedelta(days=335)


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    url_name: str


STEPS = [
    Step("identity", _("Identity"), "manage:edit"),
    Step("address", _("Address and map"), "manage:section"),
    Step("access", _("Access and opening hours"), "manage:section"),
    Step("equipment", _("Equipment"), "manage:equipment"),
    Step("photos", _("Photos"), "manage:photos"),
    Step("submit", _("Check and submit"), "manage:submit"),
]
STEP_SLUGS = [step.slug for step in STEPS]


def step_url(workshop, step: Step) -> str:
    if step.url_name == "manage:section":
        return reverse(step.url_name, args=[workshop.slug, step.slug])
    return reverse(step.url_name, args=[workshop.slug])


def next_step(slug: str) -> Step | None:
    index = STEP_SLUGS.index(slug)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def missing(workshop, equipment_count: int, photo_count: int) -> list[str]:
    """What a visitor would miss on this profile, in the manager's words."""
    items = []
    if not workshop.commune_id or not workshop.street:
        items.append(_("the address"))
    if workshop.latitude is None:
        items.append(_("the position on the map"))
    elif workshop.location_precision == LocationPrecision.COMMUNE:
        items.append(_("the pin on the entrance (the map shows the commune only)"))
    if not workshop.access or not workshop.pricing:
        items.append(_("the access and pricing"))
    if not workshop.opening_hours:
        items.append(_("the opening hours"))
    if not equipment_count:
        items.append(_("the equipment"))
    if not workshop.summary:
        items.append(_("a summary"))
    if not photo_count:
        items.append(_("a photo of the place"))
    if is_shortened_link(workshop.website):
        items.append(_("the website's own address (not a shortened link)"))
    return items


@dataclass(frozen=True)
class Missing:
    """Something required that a profile lacks, and the step where it is filled."""

    text: str
    step: str


def required_missing(workshop) -> list[Missing]:
    """What must be filled before a profile can be submitted for review, each with its step."""
    items = []
    if not workshop.carrier_type:
        items.append(Missing(_("the carrier type"), "identity"))
    if not workshop.commune_id or not workshop.street:
        items.append(Missing(_("the address"), "address"))
    if workshop.latitude is None:
        items.append(Missing(_("the position on the map"), "address"))
    if not workshop.access or not workshop.pricing:
        items.append(Missing(_("the access and pricing"), "access"))
    return items


def step_by_slug(slug: str) -> Step:
    return STEPS[STEP_SLUGS.index(slug)]


def needs_confirmation(workshop, now=None) -> bool:
    now = now or timezone.now()
    since = workshop.verified_at or workshop.created_at
    return since < now - CONFIRM_EVERY
