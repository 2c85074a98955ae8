"""Which imported contacts may be public, and which of a place's links is its own website.

Open data often carries a person's e-mail (firstname.lastname@…) or mobile number. Those are kept
private until a manager publishes them; what reads as an organisation's (contact@, info@, the
place's own name, a landline) stays public. Pure functions: the writer applies them to every row.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from ..validators import domain_suffixes, validate_phone
from .cleaning import name_key

# Local parts (or words of one) that name a role or a service, not a person.
GENERIC_MAILBOXES = {
    "contact", "contacts", "info", "infos", "information", "informations", "bonjour", "hello", "hi", "accueil",
    "admin", "administration", "secretariat", "direction", "communication", "com", "asso", "association",
    "mairie", "reservation", "reservations", "inscription", "inscriptions", "atelier", "ateliers", "equipe",
    "team", "office", "mail", "courrier", "fablab", "fab", "lab", "labs", "makerspace", "hackerspace", "tierslieu",
    "tiers", "lieu", "coworking", "cowork", "bureau", "president", "presidence", "tresorier", "webmaster",
    "support", "general", "mediatheque", "bibliotheque", "epn", "cyberbase", "numerique", "projet", "projets",
    "fabmanager", "fabmanagers", "manager", "animation", "animateur", "animatrice", "service", "services",
}  # fmt: skip
# Mobile numbers: 06 and 07 in metropolitan France, and the overseas mobile blocks.
MOBILE = re.compile(r"^0(6|7|69[0-9]|639)")
SOCIAL_DOMAINS = {
    "facebook.com", "fb.com", "fb.me", "twitter.com", "x.com", "instagram.com", "linkedin.com", "youtube.com",
    "youtu.be", "flickr.com", "plus.google.com", "vimeo.com", "dailymotion.com", "meetup.com", "pinterest.com",
    "pinterest.fr", "tumblr.com", "scoop.it", "mastodon.social", "tiktok.com", "viadeo.com", "helloasso.com",
}  # fmt: skip
CODE_DOMAINS = {"github.com", "gitlab.com", "bitbucket.org", "framagit.org", "sourceforge.net", "github.io"}


class LinkKind:
    WEBSITE = "website"
    SOCIAL = "social"
    CODE = "code"


def _words(local_part: str) -> list[str]:
    return [word for word in re.split(r"[^a-z]+", name_key(local_part).replace(" ", ".")) if word]


def is_generic_email(email: str, organisation: str = "") -> bool:
    """Whether an address reads as an organisation's: a role (contact@, info@) or the place's own name."""
    if "@" not in email:
        return False
    local, domain = email.lower().rsplit("@", 1)
    local = local.split("+", 1)[0]
    words = _words(local)
    if not words:
        return False
    if any(word in GENERIC_MAILBOXES for word in words):
        return True
    compact = "".join(words)
    domain_name = domain.split(".")[-2] if domain.count(".") >= 1 else domain
    own_names = {re.sub(r"[^a-z0-9]", "", domain_name)}
    if organisation:
        own_names.add(name_key(organisation).replace(" ", ""))
    return any(compact and (compact in name or name in compact) for name in own_names if len(name) >= 3)


def phone_digits(phone: str) -> str:
    """A French number as ten digits starting with 0 (+33 6 … → 06…), or the digits as given."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    for prefix in ("+33", "+590", "+594", "+596", "+262", "+269"):
        if digits.startswith(prefix):
            return "0" + digits[len(prefix) :].lstrip("0")
    return digits


def is_public_phone(phone: str) -> bool:
    """A French landline (01–05, 08, 09) is an organisation's; a mobile or an unreadable number is
    not, nor one written with words around it ("02 99 00 00 00 (accueil)"), which the profile's
    rule refuses (validators.validate_phone): kept private, the row is not lost for it."""
    digits = phone_digits(phone)
    if not re.fullmatch(r"0\d{9}", digits) or MOBILE.match(digits):
        return False
    try:
        validate_phone(phone)
    except ValidationError:
        return False
    return True


def link_kind(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    domains = domain_suffixes(host)
    if domains & CODE_DOMAINS:
        return LinkKind.CODE
    if domains & SOCIAL_DOMAINS:
        return LinkKind.SOCIAL
    return LinkKind.WEBSITE


def sort_links(website: str, others) -> tuple[str, list[dict]]:
    """(the place's own website, its other links with their kind), from what a source lists.

    A social or code-hosting page is never the website when the place has a site of its own.
    """
    urls = list(dict.fromkeys(u for u in [website, *others] if u))
    own = next((u for u in urls if link_kind(u) == LinkKind.WEBSITE), "")
    return own, [{"url": u, "kind": link_kind(u)} for u in urls if u != own]


def prepare(fields: dict) -> dict:
    """The row's fields with personal-looking e-mail and phone made private, and its links sorted."""
    fields = dict(fields)
    email = fields.get("email") or ""
    if email and not is_generic_email(email, fields.get("name", "")):
        fields["private_email"], fields["email"] = email, ""
    phone = fields.get("phone") or ""
    if phone and not is_public_phone(phone):
        fields["private_phone"], fields["phone"] = phone, ""
    if "website" in fields or "links" in fields:
        fields["website"], fields["links"] = sort_links(
            fields.get("website") or "",
            [link["url"] if isinstance(link, dict) else link for link in fields.get("links") or []],
        )
    return fields
