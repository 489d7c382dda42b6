from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.management.arguments import count, fraction
from stories.generate import generate


class Command(BaseCommand):
    help = (
        "Generate a large synthetic stories dataset (organisations, leaders with career paths, "
        "sources, quotes, pathways) for trying the pages and measuring them. The same seed "
        "gives the same content; running again adds another set. Creates no user accounts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--leaders", type=count, required=True, help="Leaders to create.")
        parser.add_argument(
            "--quotes-per-leader", type=count, required=True, help="Quotes for each leader."
        )
        parser.add_argument(
            "--themes", type=count, default=12, help="Themes to use, reusing existing (12)."
        )
        parser.add_argument("--pathways", type=count, default=7, help="Pathways to create (7).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument(
            "--published-fraction",
            type=fraction,
            default=0.9,
            help="Share of leaders, quotes and pathways published; the rest are drafts (0.9).",
        )

    def handle(self, *args, **options) -> None:
        try:
            result = generate(
                leaders=options["leaders"],
                quotes_per_leader=options["quotes_per_leader"],
                themes=options["themes"],
                pathways=options["pathways"],
                seed=options["seed"],
                published_fraction=options["published_fraction"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        counts = result.counts
        lines = [
            f"{counts['leaders']:,} leaders ({counts['leaders published']:,} published) with "
            f"{counts['career steps']:,} career steps",
            f"{counts['quotes']:,} quotes ({counts['quotes published']:,} published), "
            f"{counts['sources created']:,} new sources ({counts['sources reused']:,} reused)",
            f"{counts['pathways']:,} pathways with {counts['pathway stages']:,} stages",
            f"{counts['themes created']:,} new themes ({counts['themes reused']:,} reused), "
            f"{counts['organisations created']:,} new organisations "
            f"({counts['organisations reused']:,} reused)",
        ]
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated run {result.run_token} in {result.seconds:.1f} s:\n  "
                + "\n  ".join(lines)
            )
        )
