from django.core.management.base import BaseCommand

from workshops.manage.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail the managers of workshops whose profile was not confirmed for eleven months (once each time)."

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"reminded {count} workshop(s)")
