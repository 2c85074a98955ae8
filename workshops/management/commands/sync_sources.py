from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workshops import sources


class Command(BaseCommand):
    help = (
        "Re-import the open-data sources of SYNC_SOURCES (FORMAT=URL entries) through the importers; "
        "prints a report and e-mails it to the staff when a source fails. Meant for a daily timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Fetch and report; save nothing.")

    def handle(self, *args, dry_run, **options):
        try:
            configured = sources.configured_sources()
        except sources.SourceConfigurationError as exc:
            raise CommandError(str(exc)) from exc
        if not configured:
            self.stdout.write(_("No source configured (SYNC_SOURCES is empty): nothing to do."))
            return
        results = sources.sync(configured, dry_run=dry_run)
        self.stdout.write(sources.report_text(results))
        failed = [result for result in results if result.failed]
        if not failed:
            self.stdout.write(self.style.SUCCESS(_("%(count)d sources synchronised.") % {"count": len(results)}))
            return
        recipients = sources.email_staff_on_errors(results)
        raise CommandError(
            _("%(failed)d of %(count)d sources failed; the report was e-mailed to %(recipients)d staff members.")
            % {"failed": len(failed), "count": len(results), "recipients": recipients}
        )
