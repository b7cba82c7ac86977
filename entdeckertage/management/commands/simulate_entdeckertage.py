"""Build a Dortmund-scale Entdeckertage season in a throw-away database, allocate it, print the figures.

    python manage.py simulate_entdeckertage --pupils 5000 --seed 1

Prints first-come-first-served figures (pupils in lottery order each take their best free wishes) and, as the
LAST line, the allocation's figures:
    pupils=… three_days=… two=… one=… none=… bound=… share_of_bound=…% first_wish=…% seats_filled=…% seconds=… peak_mb=…
`seconds` is the allocation (loading the season + solving), peak_mb the process's peak resident memory.
"""

import pickle
import resource
import time

from django.core.management.base import BaseCommand
from django.db import connection

from entdeckertage.allocation import allocate, figures_for, greedy, summary_line
from entdeckertage.inputs import load_problem
from entdeckertage.simulation import build_world


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kilobytes on Linux


class Command(BaseCommand):
    help = "Simulate a city-wide Entdeckertage allocation (throw-away database) and print its figures."

    def add_arguments(self, parser):
        parser.add_argument("--pupils", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--supply", type=float, default=1.1, help="seats offered / days needed")
        parser.add_argument("--widen", type=float, default=0.8, help="share of pupils with the opt-in")
        parser.add_argument("--time-limit", type=float, default=55.0, help="seconds for loading + allocating")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--dump", default="", help="write the problem (pickle) to this file, for solver work")

    def handle(self, *args, pupils, seed, supply, widen, time_limit, workers, dump, **options):
        old_name = connection.settings_dict["NAME"]
        t = time.monotonic()
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            season = build_world(pupils=pupils, seed=seed, supply=supply, widen_share=widen)
            self.stderr.write(f"world built in {time.monotonic() - t:.1f} s")
            t0 = time.monotonic()
            problem = load_problem(season)
            load_s = time.monotonic() - t0
            if dump:
                with open(dump, "wb") as fh:
                    pickle.dump(problem, fh)
            self.stderr.write(f"loaded {len(problem.pupils)} pupils, {len(problem.offers)} offers in {load_s:.1f} s")

            t1 = time.monotonic()
            fcfs = figures_for(problem, greedy(problem, seed, rounds=False))
            fcfs_s = time.monotonic() - t1 + load_s
            self.stdout.write("first-come-first-served: " + summary_line(fcfs, seconds=fcfs_s, peak_mb=peak_mb()))

            t2 = time.monotonic()
            cpu0 = time.process_time()
            result = allocate(
                problem,
                seed=seed,
                time_limit_s=max(15.0, time_limit - load_s),  # loading counts against the 60 s
                workers=workers,
                progress=lambda pct, note="": self.stderr.write(f"  {pct:3d} % {note}"),
            )
            seconds = time.monotonic() - t2 + load_s
            self.stderr.write(
                f"allocation cpu seconds (this process, without loading): {time.process_time() - cpu0:.1f}"
            )
            f = result.figures
            self.stderr.write(
                f"solver: {f.get('statuses')} parts={f.get('parts')} "
                f"neighbourhoods={f.get('neighbourhoods')} optimal={f.get('optimal')}"
            )
            self.stdout.write(summary_line(f, seconds=seconds, peak_mb=peak_mb()))
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
