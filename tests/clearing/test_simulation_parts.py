"""The simulation's yardsticks (clearing/simulation.py), on hand-made markets: the bound and the fit ceiling."""

import pytest

from clearing.simulation import bound, fit_ceiling

# three students, two placements (p1: 1 seat, p2: 1 seat); student 0 wants p1 a lot, student 1 wants p1 a little
ELIGIBLE = [[(1, 0.0), (2, 0.0)], [(1, 0.0)], [(2, 0.0)]]
SEATS = {1: 1, 2: 1}
FITS = {(0, 1): 1.0, (0, 2): 0.5, (1, 1): 0.2, (2, 2): 0.0}


def fit(i, pid):
    return FITS[(i, pid)]


def test_bound_is_the_most_students_placed_at_all():
    assert bound(ELIGIBLE, SEATS) == 2


def test_fit_ceiling_is_the_best_mean_fit_for_exactly_that_many_placed():
    assert fit_ceiling(ELIGIBLE, SEATS, fit, 1) == pytest.approx(1.0)  # student 0 on p1
    # two placed: 0→p1 & 2→p2 (1.0 + 0.0) and 0→p2 & 1→p1 (0.5 + 0.2) are both full; the best mean is 0.5
    assert fit_ceiling(ELIGIBLE, SEATS, fit, 2) == pytest.approx(0.5)
    assert fit_ceiling(ELIGIBLE, SEATS, fit, 0) == 0.0
