"""Settings for `make bench`'s HTTP section: production, with two changes so the load measures the work:
API throttle rates out of reach (the throttles still run, with their cache reads and writes; matching/bench.py
counts the queries per request with the same rates) and static
files collected into a temporary folder (BENCH_STATIC_ROOT)."""

import os
from pathlib import Path

from backend.settings.production import *  # noqa: F403
from backend.settings.production import REST_FRAMEWORK

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {k: "1000000/minute" for k in REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})},
}
STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])  # a Path, as in base
