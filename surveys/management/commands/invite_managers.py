from django.core.management.base import BaseCommand

from surveys.invitations import send_invitations


class Command(BaseCommand):
    help = (
        "E-mail the managers of published workshops that have not answered this year's managers' "
        "questionnaire (once a year per workshop; safe to run daily)."
    )

    def handle(self, *args, **options):
        count = send_invitations()
        self.stdout.write(f"invited the managers of {count} workshop(s)")
