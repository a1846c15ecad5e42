"""What the menu's advice costs at start-up, on histories of 0, 1,000 and 10,000 workouts.

    .venv/bin/python bench/advice_timing.py [--repeats 200]

The menu reads progress (one query: the sessions completed) and, since the advice, each
programme's latest workout (one indexed look-up each) and the two latest check-ins about pain,
then works the advice out in Python. Timed here, on the bundled catalogue, in a history file in
a temporary folder (warm: the page cache holds it, as it does a moment after start-up):

- ``completed query``: ``History.completed_sessions``, what the menu read before the advice (the
  baseline, measured in the same run);
- ``latest``: ``History.latest_workouts``, the look-ups the advice added to ``progress_all`` (a
  kept "repeat" answer changes "next");
- ``advice``: ``advice.advise`` (the look-ups again, the pain check-ins, the rules).

Medians of ``--repeats`` calls, in milliseconds; "added" is what the advice adds to the menu's
start-up (latest + advice), and its ratio to the baseline. Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainertui.advice import advise
from trainertui.catalogue import load_catalogue
from trainertui.history import CheckIn, Entry, History
from trainertui.progress import progress_all


def made_up(count: int) -> list[Entry]:
    """Couch to 5K and Strength and Flex, every other day back from now, a check-in on most."""
    catalogue = load_catalogue()
    now = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
    entries = []
    for n in range(count):
        programme = catalogue.programmes[0 if n % 3 else 3]
        session = programme.sessions[n % len(programme.sessions)]
        ended = now - timedelta(hours=11 * n)
        checkin = CheckIn(1 + n % 10, n % 11, ["upper back", "knees", ""][n % 3], "") if n % 4 else None
        entries.append(Entry(programme.id, programme.name, session.id, session.title, ended - timedelta(minutes=30),
                             ended, session.planned_s, 1800, 9, 0, 9, n % 5 != 0, checkin))  # fmt: skip
    return entries


def median_ms(call: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    programmes = load_catalogue().programmes
    ids = [p.id for p in programmes]
    now = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
    print(f"{len(programmes)} programmes; medians of {args.repeats} calls, ms")
    print(f"{'workouts':>9} {'completed query':>16} {'latest':>7} {'advice':>7} {'added':>7} {'/ baseline':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for count in (0, 1_000, 10_000):
            with History.open(Path(folder) / f"h{count}.sqlite3") as history:
                history.record_many(made_up(count))
                progress = progress_all(history, programmes)
                advise(history, programmes, progress, now)  # warm
                base = median_ms(lambda: history.completed_sessions(ids), args.repeats)
                latest = median_ms(lambda: history.latest_workouts(ids, 10.0), args.repeats)
                adv = median_ms(lambda p=progress: advise(history, programmes, p, now), args.repeats)
                added = latest + adv
                print(f"{count:>9,} {base:>16.3f} {latest:>7.3f} {adv:>7.3f} {added:>7.3f} {added / base:>10.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
