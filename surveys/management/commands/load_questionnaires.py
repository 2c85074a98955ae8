from django.core.management.base import BaseCommand, CommandError

from surveys import loader
from surveys.models import Question, Questionnaire, Section


class Command(BaseCommand):
    help = "Load the questionnaires of surveys/questionnaires/*.toml; a changed file publishes a new version."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(loader.DIRECTORY), help="the folder of the .toml files")

    def handle(self, *args, path, **options):
        try:
            results = loader.load_all(Questionnaire, Section, Question, directory=path)
        except loader.QuestionnaireFileError as exc:
            raise CommandError(str(exc)) from None
        for questionnaire, created in results:
            state = "published" if created else "unchanged"
            self.stdout.write(f"{questionnaire.slug} v{questionnaire.version}: {state}")
