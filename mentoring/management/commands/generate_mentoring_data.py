from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.generate import generate
from portal.management.arguments import count, fraction


class Command(BaseCommand):
    help = (
        "Generate synthetic mentors, mentees and mentorships for trying the mentoring pages and "
        "measuring suggestions and matching rounds. Uses the themes, published leaders and "
        "pathways already there. The same seed gives the same people; running again adds "
        "another set. Accounts have unusable passwords: nobody can sign in as them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mentors", type=count, required=True, help="Mentors to create.")
        parser.add_argument("--mentees", type=count, required=True, help="Mentees to create.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument(
            "--mentorship-fraction",
            type=fraction,
            default=0.5,
            help="Share of mentees who asked someone for mentoring, most now active (0.5).",
        )

    def handle(self, *args, **options) -> None:
        try:
            result = generate(
                mentors=options["mentors"],
                mentees=options["mentees"],
                seed=options["seed"],
                mentorship_fraction=options["mentorship_fraction"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        counts = result.counts
        lines = [
            f"{counts['mentors']:,} mentors ({counts['mentors linked to a story']:,} linked to "
            "their published story)",
            f"{counts['mentees']:,} mentees",
            f"{counts['mentorships']:,} mentorships ({counts['active mentorships']:,} active)",
        ]
        if counts["themes created"]:
            lines.append(f"{counts['themes created']} themes created")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated run {result.run_token} in {result.seconds:.1f} s:\n  "
                + "\n  ".join(lines)
            )
        )
