"""What a row parser returns, the import report, and the one writer every format shares.

A parser turns each row of a file into a `ParsedRow` (workshop fields, plain values, and the
evidence around them: a reason to hold it, the source's date, provisional criteria) or a
`Rejection` (why it cannot be imported). `write(source, rows)` is the one entry point every
format uses; it applies them in one transaction:

- contacts are made private unless they read as an organisation's, and the links sorted so the
  website is the place's own (`contacts.prepare`);
- a row already imported from the same source updates its workshop, field by field, only where
  the workshop still holds the value last imported (a manager's edit is never overwritten);
- a row matching a workshop already known (same SIRET, or the same place by name and position:
  see `matching`) is linked to it and fills only its empty fields; a doubtful match creates the
  workshop and lists the pair for staff (`PossibleDuplicate`);
- any other row creates an unclaimed workshop (no manager yet): published, or pending with the
  reason when the row's evidence disagrees (`ParsedRow.hold`), never published then.
"""

import dataclasses
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from afn_directory import spreadsheets

from ..vocabularies import Status
from . import contacts
from .holds import Hold
from .matching import Candidate, WorkshopIndex

# Fields that only make sense together: changed together, or kept together.
FIELD_GROUPS = (
    ("postal_code", "commune"),
    ("latitude", "longitude", "location_source", "location_precision"),
)
EMPTY = ("", None, [], {})
FORMULA_HOLD = Hold("formula_like_name")


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing was imported."""


@dataclass(frozen=True)
class ParsedRow:
    row: int
    source_id: str
    name: str
    # Workshop field → plain value; the commune is given by its INSEE code.
    fields: dict[str, Any]
    equipment: tuple[str, ...] = ()  # equipment type slugs
    notes: tuple[tuple[str, str], ...] = ()  # (code, reason): imported, but worth a look
    # False when the position could not be compared with the commune's centre (unknown).
    position_checked: bool = True
    # Why the row must not be published as it is (its places disagree…): created pending, never published.
    hold: Hold | None = None
    # When the source last said this (the census's year, a lab's last update): provenance on the pages.
    source_date: datetime.date | None = None
    # Criteria inferred from the row (inference.py), shown as provisional: {field: {"value", "source", …}}.
    provisional: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rejection:
    row: int
    name: str
    code: str
    reason: str


class Outcome:
    SKIPPED = "skipped"
    SUSPICIOUS = "suspicious"
    LINKED = "linked"
    KEPT = "kept"
    PENDING = "pending"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class RowEntry:
    row: int
    name: str
    outcome: str
    code: str
    reason: str


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    encoding: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0
    positions_unchecked: int = 0
    entries: list[RowEntry] = field(default_factory=list)

    def add(self, row: int, name: str, outcome: str, code: str, reason: str) -> None:
        self.entries.append(RowEntry(row, name, outcome, code, reason))

    def of(self, outcome: str) -> list[RowEntry]:
        return [entry for entry in self.entries if entry.outcome == outcome]

    @property
    def skipped(self) -> int:
        return len(self.of(Outcome.SKIPPED))

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "linked": self.linked,
            "skipped": self.skipped,
            "pending": len(self.of(Outcome.PENDING)),
            "uncertain": len(self.of(Outcome.UNCERTAIN)),
        }

    def summary(self) -> str:
        return (
            _(
                "created: %(created)d, updated: %(updated)d, unchanged: %(unchanged)d, "
                "linked to an existing workshop: %(linked)d, skipped: %(skipped)d, "
                "held pending: %(pending)d, possible duplicates to review: %(uncertain)d"
            )
            % self.counts
        )

    def as_csv(self) -> str:
        buffer = io.StringIO()
        writer = spreadsheets.csv_writer(buffer)
        writer.writerow(["row", "name", "outcome", "code", "reason"])
        for entry in self.entries:
            writer.writerow([entry.row, entry.name, entry.outcome, entry.code, entry.reason])
        return buffer.getvalue()


def _formula_like(value) -> bool:
    return isinstance(value, str) and spreadsheets.neutralise(value) != value


def _plain(value):
    """A field's value as JSON keeps it (dates as ISO strings), so that what was imported compares."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def _is_empty(values) -> bool:
    return all(value in EMPTY for value in values)


def _groups(fields: Iterable[str]) -> list[tuple[str, ...]]:
    remaining = list(fields)
    groups = []
    for group in FIELD_GROUPS:
        present = tuple(name for name in group if name in remaining)
        if present:
            groups.append(present)
            remaining = [name for name in remaining if name not in present]
    return groups + [(name,) for name in remaining]


def _current(workshop, name: str):
    return workshop.commune_id if name == "commune" else getattr(workshop, name)


def _assign(workshop, name: str, value) -> None:
    setattr(workshop, "commune_id" if name == "commune" else name, value)


def merge(workshop, imported: dict, fields: dict) -> tuple[list[str], list[str]]:
    """Apply a source's new `fields` to `workshop`; return (changed, kept) field names.

    A field (or group of fields) is taken from the source when the workshop still holds what
    was last imported from it, or when it is empty and this source never set it; otherwise
    someone edited it since, and the edit is kept.
    """
    changed, kept = [], []
    for group in _groups(fields):
        new = [_plain(fields[name]) for name in group]
        current = [_plain(_current(workshop, name)) for name in group]
        if current == new:
            continue
        owned = all(name in imported for name in group)
        last = [imported.get(name) for name in group]
        if (owned and current == last) or (not owned and _is_empty(current)):
            for name in group:
                _assign(workshop, name, fields[name])
            changed.extend(group)
        elif owned and new != last:
            kept.extend(group)
    return changed, kept


def _imported_values(row: ParsedRow) -> dict:
    """What a source record keeps of its row, to tell next time what the source changed."""
    return {**{name: _plain(value) for name, value in row.fields.items()}, "equipment": list(row.equipment)}


def _says_something_new(link, row: ParsedRow) -> bool:
    """A row that is not the one imported last time: a published workshop it held before was
    published by a moderator, whose decision the same row again does not undo."""
    return link.imported_values != _imported_values(row)


class _Writer:
    def __init__(self, source: str, report: ImportReport, commune_codes: set[str]):
        from territories.models import Commune

        from ..models import EquipmentType, MergedSlug, Workshop, WorkshopSource

        self.source = source
        self.report = report
        self.now = timezone.now()
        self.links = {
            link.source_id: link for link in WorkshopSource.objects.filter(source=source).select_related("workshop")
        }
        self.legacy = {w.source_id: w for w in Workshop.objects.filter(source=source)}
        self.index = WorkshopIndex.from_database()
        # A merged workshop's old address keeps leading to the one that was kept: never given again.
        self.slugs = set(Workshop.objects.values_list("slug", flat=True)) | set(
            MergedSlug.objects.values_list("slug", flat=True)
        )
        self.types = {t.slug: t for t in EquipmentType.objects.all()}
        self.seen: dict[str, int] = {}
        self.communes = Commune.objects.in_bulk(commune_codes)

    def write(self, row: ParsedRow) -> None:
        row = dataclasses.replace(row, fields=contacts.prepare(row.fields))
        if row.source_id in self.seen:
            self.report.add(
                row.row,
                row.name,
                Outcome.SKIPPED,
                "duplicate_id",
                _("The identifier %(id)s was already used by row %(first)d of this file.")
                % {"id": row.source_id, "first": self.seen[row.source_id]},
            )
            return
        self.seen[row.source_id] = row.row
        if not row.position_checked:
            self.report.positions_unchecked += 1
        for code, reason in row.notes:
            self.report.add(row.row, row.name, Outcome.SUSPICIOUS, code, reason)
        link = self.links.get(row.source_id)
        if link is None and row.source_id in self.legacy:
            link = self._new_link(self.legacy[row.source_id], matched_by="")
        if link is not None:
            self._update(row, link)
            return
        match = self.index.match(
            self.source,
            row.name,
            row.fields.get("latitude"),
            row.fields.get("longitude"),
            row.fields.get("siret", ""),
            row.fields.get("commune", ""),
        )
        if match is None or not match.certain:
            workshop = self._create(row)
            if match is not None and workshop is not None:
                self._uncertain(row, workshop, match)
            return
        from ..models import Workshop

        link = self._new_link(Workshop.objects.get(pk=match.workshop_id), matched_by=match.how)
        if match.how == "siret":
            reason = _("Linked to the existing workshop “%(name)s” (%(slug)s): same SIRET.")
        elif match.how == "commune":
            reason = _("Linked to the existing workshop “%(name)s” (%(slug)s): same commune and a similar name.")
        else:
            reason = _(
                "Linked to the existing workshop “%(name)s” (%(slug)s), %(distance)d m away with a similar name."
            )
        self.report.add(
            row.row,
            row.name,
            Outcome.LINKED,
            f"linked_{match.how}",
            reason % {"name": match.name, "slug": match.slug, "distance": match.distance_m or 0},
        )
        self._update(row, link, linking=True)

    def _uncertain(self, row: ParsedRow, workshop, match) -> None:
        from ..models import PossibleDuplicate

        distance = _("%(distance)d m apart") % {"distance": match.distance_m} if match.distance_m is not None else ""
        reason = _("Maybe the same place as “%(name)s” (%(slug)s): names %(similarity)d%% alike%(distance)s.") % {
            "name": match.name,
            "slug": match.slug,
            "similarity": round(match.similarity * 100),
            "distance": f", {distance}" if distance else "",
        }
        # The pair keeps its figures in fields, which the moderators' page gives in the reader's
        # language: its reason says the rest (the report keeps the whole sentence).
        pair_reason = _("Maybe the same place as “%(name)s” (%(slug)s), found by the import.") % {
            "name": match.name,
            "slug": match.slug,
        }
        PossibleDuplicate.objects.get_or_create(
            first_id=match.workshop_id,
            second=workshop,
            defaults={"distance_m": match.distance_m, "similarity": match.similarity, "reason": pair_reason[:300]},
        )
        self.report.add(row.row, row.name, Outcome.UNCERTAIN, "possible_duplicate", reason)

    def _new_link(self, workshop, matched_by: str):
        from ..models import WorkshopSource

        link = WorkshopSource(workshop=workshop, source=self.source, source_id="", matched_by=matched_by)
        link.imported_values = {}
        return link

    def _update(self, row: ParsedRow, link, linking: bool = False) -> None:
        workshop = link.workshop
        fields = row.fields
        if _formula_like(fields.get("name")):
            fields = {name: value for name, value in fields.items() if name != "name"}
            self._note_formula(row, _("The name starts like a spreadsheet formula: the listed name is kept."))
        changed, kept = merge(workshop, link.imported_values, fields)
        for name in kept:
            self.report.add(
                row.row,
                row.name,
                Outcome.KEPT,
                "edited_kept",
                _("%(field)s was edited in the directory since the last import; the edit is kept.")
                % {"field": workshop._meta.get_field(name).verbose_name},
            )
        if row.hold and not linking:
            if self._may_hold(workshop) and _says_something_new(link, row):
                workshop.status = Status.PENDING
                changed.append("status")
            if workshop.status == Status.PENDING:
                self.report.add(row.row, row.name, Outcome.PENDING, "held", str(row.hold))
        elif linking and self._confirms(workshop, row):
            workshop.status = Status.PUBLISHED
            changed.append("status")
            self.report.add(
                row.row,
                row.name,
                Outcome.LINKED,
                "confirmed",
                _("This source places it in the same commune: the workshop held pending is published."),
            )
        provisional = _with_provisional(workshop.provisional_profile, row.provisional, self.source)
        if provisional != workshop.provisional_profile:
            workshop.provisional_profile = provisional
            changed.append("provisional_profile")
        if changed:
            errors = self._validate(workshop, changed)
            if errors:
                self.report.add(row.row, row.name, Outcome.SKIPPED, "invalid", errors)
                return
            workshop.version += 1
            workshop._change_reason = f"import {self.source}"
            workshop.save(update_fields={*changed, "version", "updated_at"})
        added = self._add_equipment(workshop, row.equipment, link.imported_values.get("equipment", []))
        if linking:
            self.report.linked += 1
        elif changed or added:
            self.report.updated += 1
        else:
            self.report.unchanged += 1
        link.holds = self._holds(row, workshop, linking)
        self._remember(link, row)

    def _may_hold(self, workshop) -> bool:
        """A published workshop nobody manages yet, known from this source alone, goes back to pending."""
        return (
            workshop.status == Status.PUBLISHED
            and workshop.verified_at is None
            and not workshop.memberships.exists()
            and not workshop.sources.exclude(source=self.source).exists()
        )

    def _confirms(self, workshop, row: ParsedRow) -> bool:
        """A second source placing a workshop its first source's evidence left in doubt in the same commune."""
        return (
            not row.hold
            and workshop.status == Status.PENDING
            and workshop.source != ""
            and workshop.commune_id == row.fields.get("commune")
            and workshop.verified_at is None
            and not workshop.memberships.exists()
        )

    def _create(self, row: ParsedRow):
        from ..models import Workshop

        # A name that would run as a formula in a spreadsheet waits for a moderator instead of going public.
        held = _formula_like(row.fields.get("name"))
        status = Status.PENDING if held or row.hold else Status.PUBLISHED
        workshop = Workshop(status=status, source=self.source, source_id=row.source_id, slug=self._slug(row))
        for name, value in row.fields.items():
            _assign(workshop, name, value)
        workshop.provisional_profile = _with_provisional({}, row.provisional, self.source)
        errors = self._validate(workshop, row.fields)
        if errors:
            self.report.add(row.row, row.name, Outcome.SKIPPED, "invalid", errors)
            return None
        if row.hold:
            self.report.add(row.row, row.name, Outcome.PENDING, "held", str(row.hold))
        workshop._change_reason = f"import {self.source}"
        workshop.save()
        self.slugs.add(workshop.slug)
        if held:
            self._note_formula(row, str(FORMULA_HOLD))
        self._add_equipment(workshop, row.equipment, [])
        self.report.created += 1
        self.index.add(
            Candidate(
                workshop.pk,
                workshop.name,
                workshop.slug,
                workshop.latitude,
                workshop.longitude,
                workshop.siret,
                {self.source},
                workshop.commune_id or "",
            )
        )
        link = self._new_link(workshop, matched_by="")
        link.holds = self._holds(row, workshop)
        self._remember(link, row)
        return workshop

    def _holds(self, row: ParsedRow, workshop, linking: bool = False) -> list[dict]:
        """Why this row keeps the workshop waiting for a moderator, as its source record keeps it for
        the review page; none when the row does not hold it, or the workshop is not pending."""
        if linking or workshop.status != Status.PENDING:
            return []
        formula = FORMULA_HOLD if _formula_like(workshop.name) else None
        return [hold.stored() for hold in (row.hold, formula) if hold]

    def _note_formula(self, row: ParsedRow, reason: str) -> None:
        self.report.add(row.row, row.name, Outcome.SUSPICIOUS, "formula_like_name", reason)

    def _remember(self, link, row: ParsedRow) -> None:
        link.source_id = row.source_id
        link.imported_values = _imported_values(row)
        link.source_date = row.source_date
        link.last_seen = self.now
        link.save()
        self.links[row.source_id] = link

    def _add_equipment(self, workshop, slugs, already_imported) -> bool:
        """Add the source's machines the workshop does not list yet.

        A machine imported before and deleted since by a manager stays deleted.
        """
        from ..models import Equipment

        wanted = [slug for slug in slugs if slug not in already_imported and slug in self.types]
        if not wanted:
            return False
        present = set(workshop.equipment.values_list("type__fablabs_capability", "type__slug"))
        capabilities = {capability for capability, _slug in present if capability}
        slugs_present = {slug for _capability, slug in present}
        added = False
        for slug in wanted:
            kind = self.types[slug]
            if slug in slugs_present or (kind.fablabs_capability and kind.fablabs_capability in capabilities):
                continue
            Equipment.objects.create(workshop=workshop, type=kind)
            added = True
        return added

    def _slug(self, row: ParsedRow) -> str:
        base = slugify(row.name)[:100].strip("-") or "atelier"
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _validate(self, workshop, fields) -> str:
        """Check the fields the source set (the parsers already checked the commune and postal code)."""
        exclude = [f.name for f in workshop._meta.fields if f.name not in fields or f.name == "commune"]
        try:
            workshop.clean_fields(exclude=exclude)
        except ValidationError as exc:
            return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
        if workshop.commune_id in self.communes:
            workshop.commune = self.communes[workshop.commune_id]  # saves a query in Workshop.save
        return ""


def _with_provisional(current: dict, inferred: dict, source: str) -> dict:
    """The provisional criteria once a source's are added: each keeps the first source that gave it."""
    merged = dict(current or {})
    for name, value in inferred.items():
        if name not in merged or merged[name].get("source") == source:
            merged[name] = {**value, "source": source}
    return merged


def write(source: str, results: Iterable[ParsedRow | Rejection], *, dry_run: bool = False, report=None) -> ImportReport:
    """Apply a file's parsed rows in one transaction (rolled back at the end of a dry run)."""
    report = report or ImportReport(source=source, dry_run=dry_run)
    results = list(results)
    codes = {r.fields["commune"] for r in results if isinstance(r, ParsedRow) and r.fields.get("commune")}
    with transaction.atomic():
        writer = _Writer(source, report, codes)
        for result in results:
            if isinstance(result, Rejection):
                report.add(result.row, result.name, Outcome.SKIPPED, result.code, result.reason)
            else:
                writer.write(result)
        if dry_run:
            transaction.set_rollback(True)
    return report
