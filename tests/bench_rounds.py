"""Matching round figures for `make bench`: a round of 10,000 mentees and 3,000 mentors (1 to 3
places each) on generated data, from the database to a stored proposal, how much memory that
takes, and how its total score compares with the exact optimum and with a greedy assignment.

`tests/bench.py` calls `round_figures(failures)` once Django is set up on its bench database.
Run on its own, `python -m tests.bench_rounds` makes a database of its own the same way
(SQLite, or `<name>_bench` on the server DATABASE_URL names), fills it and measures.

Prints, one `name: value` line each:
- `round_10000x3000_seconds`: reading the round's facts, finding the assignment and storing
  the proposal (`jobs.run_proposal`, the background task's body), in a fresh process;
- `round_10000x3000_peak_mb`: that process's peak resident memory, Python and its libraries
  included (reported by the process itself, so earlier commands do not count);
- `round_1000x300_score_vs_optimum`: the stored proposal's total score over the exact optimum,
  found by a dense assignment over one column per mentor's place (scipy's
  linear_sum_assignment), which is only affordable at this size;
- `round_10000x3000_score_vs_greedy`: the stored proposal's total score over a greedy
  assignment's (best-scoring pairs first) on the same facts.
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

BASE_DIR = Path(__file__).resolve().parent.parent
LARGE = (10_000, 3_000)
SMALL = (1_000, 300)
# Greedy pairs are handed out a slice at a time; each slice first drops, all at once, pairs
# whose mentee is matched or whose mentor is full, so few reach the Python loop.
GREEDY_SLICE = 20_000


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def figure(name: str, value: float, *, decimals: int = 2) -> None:
    print(f"{name}: {value:.{decimals}f}", flush=True)


def round_figures(failures: list[str], *, seed: int = 11) -> None:
    """Generate the two cohorts, run their rounds and print the four figures. Adds to
    `failures` instead of raising, so one broken figure does not hide the others."""
    try:
        large = _cohort_round(*LARGE, seed=seed)
        progress(f"Proposing matches for {LARGE[0]:,} mentees and {LARGE[1]:,} mentors")
        measured = _propose_in_a_fresh_process(large)
        figure(f"round_{LARGE[0]}x{LARGE[1]}_seconds", measured["seconds"])
        figure(f"round_{LARGE[0]}x{LARGE[1]}_peak_mb", measured["peak_mb"])
        progress(
            f"  {measured['matched']:,} matched, total score {measured['total']:,}, proved "
            f"optimal: {measured['proved_optimal']}, {measured['passes']} passes"
        )
        progress("Greedy assignment of the same cohort, for comparison")
        figure(
            f"round_{LARGE[0]}x{LARGE[1]}_score_vs_greedy",
            measured["total"] / _greedy_total(large),
            decimals=4,
        )
    except Exception as error:
        failures.append(f"round_{LARGE[0]}x{LARGE[1]}: {error!r}")
    try:
        small = _cohort_round(*SMALL, seed=seed + 1)
        progress(f"Proposing matches for {SMALL[0]:,} mentees and {SMALL[1]:,} mentors")
        stored = _propose(small.pk)["total"]
        figure(
            f"round_{SMALL[0]}x{SMALL[1]}_score_vs_optimum",
            stored / _dense_optimum(small),
            decimals=4,
        )
    except Exception as error:
        failures.append(f"round_{SMALL[0]}x{SMALL[1]}: {error!r}")


def _cohort_round(mentees: int, mentors: int, *, seed: int):
    """Generated people (nobody in a mentorship yet) all taking part in a new round, each
    mentor offering their whole capacity (1 to 3)."""
    from mentoring.generate import generate
    from mentoring.models import (
        MatchingRound,
        MenteeProfile,
        MentorProfile,
        RoundMentee,
        RoundMentor,
    )

    progress(f"Generating {mentees:,} mentees and {mentors:,} mentors")
    run = generate(mentors=mentors, mentees=mentees, seed=seed, mentorship_fraction=0).run_token
    matching_round = MatchingRound.objects.create(
        name=f"Bench {run}", starts_on="2026-04-01", ends_on="2026-09-30"
    )
    RoundMentee.objects.bulk_create(
        [
            RoundMentee(round=matching_round, mentee_id=pk)
            for pk in MenteeProfile.objects.filter(
                user__email__startswith=f"mentee-{run}-"
            ).values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    RoundMentor.objects.bulk_create(
        [
            RoundMentor(round=matching_round, mentor_id=pk, places=capacity)
            for pk, capacity in MentorProfile.objects.filter(
                user__email__startswith=f"mentor-{run}-"
            ).values_list("pk", "capacity")
        ],
        batch_size=2000,
    )
    _refresh_planner_statistics()
    return matching_round


def _refresh_planner_statistics() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _propose(round_id: int) -> dict:
    """Run a proposal of the round as the worker would, timed from the database to the
    stored proposal."""
    from django.db.models import Sum

    from mentoring.models import RoundProposal, RoundRun
    from mentoring.rounds.jobs import run_proposal

    run = RoundRun.objects.create(round_id=round_id)
    started = time.perf_counter()
    finished = run_proposal(run_id=run.pk)
    seconds = time.perf_counter() - started
    if finished is None or finished.status != RoundRun.Status.FINISHED:
        raise RuntimeError(f"the proposal did not finish: {finished and finished.message}")
    stored = RoundProposal.objects.filter(round_id=round_id, mentor__isnull=False)
    return {
        "seconds": seconds,
        "total": stored.aggregate(total=Sum("score"))["total"] or 0,
        "matched": stored.count(),
        "proved_optimal": finished.summary["proved_optimal"],
        "passes": finished.summary["passes"],
    }


def _propose_in_a_fresh_process(matching_round) -> dict:
    """`_propose` in a new Python process, which reports its own peak memory: this one has
    held generated data and earlier figures' pages, which would count otherwise."""
    from django.db import connections

    connections.close_all()  # SQLite: let the other process write without waiting on us
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench_rounds", "--propose", str(matching_round.pk)],
        cwd=BASE_DIR,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the proposal process failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _facts(matching_round):
    from mentoring.rounds.selectors import round_facts

    return round_facts(matching_round)


def _greedy_total(matching_round) -> int:
    """Total score of the greedy assignment: every allowed pair, best score first (then
    mentee, then mentor, in id order), taken whenever the mentee is free and the mentor has a
    place."""
    from mentoring.rounds.assignment import allowed_pairs

    facts = _facts(matching_round)
    mentors = sorted(facts.mentors, key=lambda m: m.id)
    mentees = sorted(facts.mentees, key=lambda m: m.id)
    blocks = list(
        allowed_pairs(
            mentees,
            mentors,
            places=facts.places,
            past_pairs=facts.past_pairs,
            excluded=facts.excluded,
        )
    )
    rows = np.concatenate([b[0] for b in blocks]).astype(np.int32)
    columns = np.concatenate([b[1] for b in blocks]).astype(np.int32)
    points = np.concatenate([b[2] for b in blocks]).astype(np.int32)
    del blocks
    progress(f"  {len(points):,} allowed pairs")
    # Pairs come in (mentee, mentor) order already, so a stable sort on the score alone keeps
    # that order between equal scores.
    order = np.argsort(-points, kind="stable")
    free = np.ones(len(mentees), dtype=bool)
    places = np.array([facts.places.get(m.id, 0) for m in mentors], dtype=np.int64)
    total = 0
    for start in range(0, len(order), GREEDY_SLICE):
        chosen = order[start : start + GREEDY_SLICE]
        chosen = chosen[free[rows[chosen]] & (places[columns[chosen]] > 0)]
        for pair in chosen.tolist():
            mentee, mentor = rows[pair], columns[pair]
            if free[mentee] and places[mentor] > 0:
                free[mentee] = False
                places[mentor] -= 1
                total += int(points[pair])
        if not free.any() or not places.any():
            break
    return total


def _dense_optimum(matching_round) -> int:
    """The exact optimum of the total score: a dense assignment over one column per place
    of each mentor, plus a "no mentor" column per mentee."""
    from scipy.optimize import linear_sum_assignment

    from mentoring.rounds.assignment import score_table

    facts = _facts(matching_round)
    mentees = sorted(facts.mentees, key=lambda m: m.id)
    mentors = sorted(facts.mentors, key=lambda m: m.id)
    table = score_table(mentees, mentors).astype(np.float64)
    row_of = {m.id: i for i, m in enumerate(mentees)}
    column_of = {m.id: j for j, m in enumerate(mentors)}
    for mentee_id, mentor_id in [*facts.past_pairs, *facts.excluded]:
        if mentee_id in row_of and mentor_id in column_of:
            table[row_of[mentee_id], column_of[mentor_id]] = -1
    table[list(map(row_of.get, facts.unavailable)), :] = -1
    seats = [j for j, m in enumerate(mentors) for _ in range(facts.places.get(m.id, 0))]
    weights = np.concatenate(
        [np.maximum(table[:, seats], 0), np.zeros((len(mentees), len(mentees)))], axis=1
    )
    rows, columns = linear_sum_assignment(weights, maximize=True)
    return int(weights[rows, columns].sum())


def _propose_and_report(round_id: int) -> None:
    """The fresh process's work: set Django up, propose, print the result as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench_settings")
    django.setup()
    result = _propose(round_id)
    # Linux reports the peak resident set in kilobytes.
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result), flush=True)


def main() -> int:
    from tests.bench import SETTINGS, bench_database, manage

    failures: list[str] = []
    with bench_database(os.environ.get("DATABASE_URL", "")) as database_url:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "600",
        }
        progress(f"Bench database: {database_url}")
        manage(environment, "migrate", "--no-input", "-v0")
        # Leaders and pathways, so some mentors walked a pathway a mentee aims for.
        manage(environment, "generate_data", "--leaders=2000", "--quotes-per-leader=1", "--seed=1")
        os.environ.update(environment)
        import django

        django.setup()
        round_figures(failures)
    for failure in failures:
        progress(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--propose":
        _propose_and_report(int(sys.argv[2]))
        sys.exit(0)
    sys.exit(main())
