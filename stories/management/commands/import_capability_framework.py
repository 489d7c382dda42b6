from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stories.careers.importer import FrameworkFileError, import_capability_framework


class Command(BaseCommand):
    help = (
        "Import the Government Digital and Data Profession Capability Framework's role content "
        "CSV (from https://ddat-capability-framework.service.gov.uk/download): adds and updates "
        "role families, roles, role levels, skills and the levels each role level asks for, "
        "and retires those the file no longer lists. Rows editors added for the NHS are left "
        "alone. Importing the same file again changes nothing. A malformed file imports nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The framework's CSV file.")

    def handle(self, *args, **options) -> None:
        try:
            report = import_capability_framework(path=options["file"])
        except FrameworkFileError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        for line in report.lines():
            self.stdout.write(line)
        if report.wrote_anything:
            self.stdout.write(self.style.SUCCESS("Imported the capability framework."))
        else:
            self.stdout.write(self.style.SUCCESS("The framework was already up to date."))
