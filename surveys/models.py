"""Questionnaires as data (versioned), their questions, and the responses they collect.

A published questionnaire is never changed in place: a change makes a new version (see
`Questionnaire.new_version`), and each response points at the version it answered, so old
answers keep their meaning. Answers are stored as JSON keyed by the questions' stable codes.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from afn_directory.i18n import in_language


class Audience(models.TextChoices):
    MANAGER = "manager", _("Workshop managers")
    USER = "user", _("Workshop users")


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale from 1 to 5")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    YES_NO = "yes_no", _("Yes or no")


TEXT_TYPES = (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT)


class QuestionnaireQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, published_at__isnull=False)

    def current(self, slug):
        """The active published version of a questionnaire, or None."""
        return self.active().filter(slug=slug).order_by("-version").first()


class Questionnaire(models.Model):
    slug = models.SlugField(_("slug"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=False)
    published_at = models.DateTimeField(
        _("published on"), null=True, blank=True, help_text=_("A published version is never edited in place.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["slug", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="questionnaire_unique_version"),
            models.UniqueConstraint(fields=["slug"], condition=Q(is_active=True), name="questionnaire_one_active"),
        ]

    def __str__(self):
        return f"{self.title_fr} (v{self.version})"

    @property
    def title(self):
        return in_language(self.title_fr, self.title_en)

    @property
    def intro(self):
        return in_language(self.intro_fr, self.intro_en)

    @property
    def is_published(self):
        return self.published_at is not None

    def schema(self):
        """The questions as plain dicts, in order, for the engine (see engine.py)."""
        return [question.as_spec() for question in self.questions.select_related("section").order_by("order", "pk")]

    def publish(self):
        """Publish this version and make it the only active one of its slug."""
        with transaction.atomic():
            Questionnaire.objects.filter(slug=self.slug, is_active=True).exclude(pk=self.pk).update(is_active=False)
            self.published_at = self.published_at or timezone.now()
            self.is_active = True
            self.save(update_fields=["published_at", "is_active"])

    def new_version(self):
        """A draft copy (sections and questions) with the next version number, for editing."""
        with transaction.atomic():
            latest = Questionnaire.objects.filter(slug=self.slug).aggregate(models.Max("version"))["version__max"]
            copy = Questionnaire.objects.create(
                slug=self.slug,
                version=latest + 1,
                audience=self.audience,
                title_fr=self.title_fr,
                title_en=self.title_en,
                intro_fr=self.intro_fr,
                intro_en=self.intro_en,
            )
            sections = {}
            for section in self.sections.all():
                sections[section.pk] = Section.objects.create(
                    questionnaire=copy,
                    order=section.order,
                    title_fr=section.title_fr,
                    title_en=section.title_en,
                )
            for question in self.questions.all():
                question.pk = None
                question.questionnaire = copy
                question.section = sections.get(question.section_id)
                question.save()
        return copy


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title_fr

    @property
    def title(self):
        return in_language(self.title_fr, self.title_en)


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions", verbose_name=_("section")
    )
    code = models.SlugField(_("code"), max_length=60, help_text=_("Stable: answers are stored under this code."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    type = models.CharField(_("type"), max_length=12, choices=QuestionType.choices)
    text_fr = models.CharField(_("text (French)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300, blank=True)
    help_fr = models.CharField(_("help (French)"), max_length=300, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=300, blank=True)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_('A list of {"code": …, "fr": …, "en": …}.')
    )
    required = models.BooleanField(_("required"), default=False)
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=2, null=True, blank=True)
    show_if = models.JSONField(
        _("show if"),
        null=True,
        blank=True,
        help_text=_('Optional: {"question": code, "equals": value} or {"question": code, "in": [values]}.'),
    )
    profile_field = models.CharField(
        _("workshop profile field"),
        max_length=40,
        blank=True,
        help_text=_("Manager questionnaire: the workshop field this answer updates once the manager confirms."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="question_unique_code")]

    def __str__(self):
        return f"{self.code}: {self.text_fr}"

    def as_spec(self):
        return {
            "code": self.code,
            "type": self.type,
            "text": in_language(self.text_fr, self.text_en),
            "help": in_language(self.help_fr, self.help_en),
            "choices": [
                {"code": c["code"], "label": in_language(c.get("fr"), c.get("en")) or c["code"]} for c in self.choices
            ],
            "required": self.required,
            "min": self.min_value,
            "max": self.max_value,
            "show_if": self.show_if or None,
            "profile_field": self.profile_field,
            "section": self.section.title if self.section_id else "",
            "section_id": self.section_id,
        }


class ResponseQuerySet(models.QuerySet):
    def of_users(self):
        return self.filter(questionnaire__audience=Audience.USER)

    def of_managers(self):
        return self.filter(questionnaire__audience=Audience.MANAGER)

    def managers_answers(self, year=None):
        """The managers' responses of `year` (this year by default): one per workshop at most."""
        return self.of_managers().filter(year=year or timezone.localdate().year)

    def for_workshops(self, workshops):
        return self.filter(workshop__in=workshops)


class Response(models.Model):
    class Moderation(models.TextChoices):
        NONE = "none", _("No free text")
        PENDING = "pending", _("Free text awaiting moderation")
        APPROVED = "approved", _("Free text approved")
        REJECTED = "rejected", _("Free text rejected")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses", verbose_name=_("questionnaire")
    )
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="survey_responses", verbose_name=_("workshop")
    )
    submitted_at = models.DateTimeField(_("submitted on"), default=timezone.now, db_index=True)
    answers = models.JSONField(_("answers"), default=dict)
    consent_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    # User responses: a salted hash of the browser's anti-duplicate token (never an IP or e-mail).
    duplicate_token = models.CharField(_("anti-duplicate token (hashed)"), max_length=64, blank=True, db_index=True)
    # A random key per displayed form: a second submission of the same form stores nothing.
    submission_key = models.CharField(_("submission key"), max_length=64, null=True, blank=True, unique=True)
    free_text_status = models.CharField(
        _("free-text moderation"), max_length=10, choices=Moderation.choices, default=Moderation.NONE
    )
    free_text_purged_at = models.DateTimeField(_("free text removed on"), null=True, blank=True)
    # Manager responses: one per workshop and year, by one of its managers.
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("manager who answered"),
    )
    profile_applied_at = models.DateTimeField(_("profile updated on"), null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "year"], condition=Q(year__isnull=False), name="response_one_manager_per_year"
            )
        ]

    def __str__(self):
        return f"{self.questionnaire} — {self.workshop} — {self.submitted_at:%Y-%m-%d}"


class QuestionnaireInvitation(models.Model):
    """The managers of a workshop were invited to answer the year's questionnaire (surveys.invitations):
    one invitation per workshop and year."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="+", verbose_name=_("workshop")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sent_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("questionnaire invitation")
        verbose_name_plural = _("questionnaire invitations")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "year"], name="questionnaire_invitation_once_a_year")
        ]

    def __str__(self):
        return f"{self.workshop} — {self.year}"
