"""Remove free-text answers older than SURVEY_TEXT_RETENTION_DAYS, and anti-duplicate tokens
older than their 30-day window. Run it daily (e.g. from cron); see README, "Surveys"."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from surveys.models import TEXT_TYPES, Question, Response
from surveys.tokens import DUPLICATE_WINDOW


class Command(BaseCommand):
    help = "Remove free-text survey answers past the retention period (SURVEY_TEXT_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="retention in days (default: SURVEY_TEXT_RETENTION_DAYS)"
        )
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, days, dry_run, **options):
        days = settings.SURVEY_TEXT_RETENTION_DAYS if days is None else days
        now = timezone.now()
        text_codes = {}
        for questionnaire_id, code in Question.objects.filter(type__in=TEXT_TYPES).values_list(
            "questionnaire_id", "code"
        ):
            text_codes.setdefault(questionnaire_id, set()).add(code)
        old = Response.objects.filter(
            submitted_at__lt=now - timedelta(days=days),
            free_text_purged_at__isnull=True,
            questionnaire_id__in=text_codes,
        )
        purged = 0
        with transaction.atomic():
            for response in old.select_for_update().iterator(chunk_size=500):
                codes = text_codes[response.questionnaire_id] & response.answers.keys()
                if not codes:
                    continue
                purged += 1
                if not dry_run:
                    response.answers = {k: v for k, v in response.answers.items() if k not in codes}
                    response.free_text_purged_at = now
                    response.save(update_fields=["answers", "free_text_purged_at"])
            tokens = Response.objects.filter(submitted_at__lt=now - DUPLICATE_WINDOW).exclude(duplicate_token="")
            token_count = tokens.count() if dry_run else tokens.update(duplicate_token="")
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(
            f"{verb} the free text of {purged} response(s) older than {days} days, "
            f"and {token_count} expired anti-duplicate token(s)"
        )
