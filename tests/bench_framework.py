"""The capability framework import's figures for `make bench`: the full shipped file into the
bench database's empty framework tables (`careers_import_framework_s`, target < 10), then the
same file again, which changes nothing (`careers_reimport_framework_s`). Timed around the
import itself, in a Python process of its own (so Django is set up with the bench's settings
while the bench's own process is not yet).

`python -m tests.bench_framework` measures them alone, in a database of its own."""

import os
import subprocess
import sys
import time

from tests.bench import BASE_DIR, bench_database, figure, manage, progress

FRAMEWORK_FILE = BASE_DIR / "stories/careers/data/gdad-capability-framework-roles.csv"


def import_figures(environment: dict[str, str], failures: list[str]) -> None:
    """Run `measure` in a process set up with `environment`; its figures go to stdout."""
    progress("Measuring careers_import_framework_s and careers_reimport_framework_s")
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench_framework", "--measure"], cwd=BASE_DIR, env=environment
    )
    if done.returncode != 0:
        failures.append(f"framework import figures: exit status {done.returncode}")


def measure() -> None:
    import django

    django.setup()
    from stories.careers.importer import import_capability_framework
    from stories.careers.models import JobFamily

    if JobFamily.objects.exists():
        raise SystemExit("The framework tables are not empty: the first figure would be wrong.")
    for name in ("careers_import_framework_s", "careers_reimport_framework_s"):
        started = time.perf_counter()
        import_capability_framework(path=FRAMEWORK_FILE)
        figure(name, time.perf_counter() - started)


def main() -> int:
    failures: list[str] = []
    with bench_database(os.environ.get("DATABASE_URL", "")) as database_url:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.bench_settings",
            "DATABASE_URL": database_url,
        }
        manage(environment, "migrate", "--no-input", "-v0")
        import_figures(environment, failures)
        os.environ.update(environment)  # for closing Django's connections at the end
    for failure in failures:
        progress(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        measure()
    else:
        sys.exit(main())
