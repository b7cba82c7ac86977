"""Property tests for the one publishing rule (monitoring/suppression.py): no figure about 1–4 people."""

from hypothesis import given
from hypothesis import strategies as st

from monitoring.suppression import MIN_PEOPLE, suppress_breakdown, suppress_median, suppress_share

counts = st.dictionaries(st.sampled_from("ABCDEFGHIJKL"), st.integers(min_value=0, max_value=60), max_size=12)


@given(counts)
def test_no_visible_cell_or_total_is_about_one_to_four_people(cells):
    shown, total = suppress_breakdown(cells)
    for value in [*shown.values(), total]:
        assert value is None or value == 0 or value >= MIN_PEOPLE


@given(counts)
def test_visible_cells_are_the_true_values(cells):
    shown, total = suppress_breakdown(cells)
    for key, value in shown.items():
        assert value is None or value == cells[key]
    assert total is None or total == sum(cells.values())


@given(counts)
def test_hidden_cells_cannot_be_worked_out_from_the_total(cells):
    shown, total = suppress_breakdown(cells)
    hidden = [key for key, value in shown.items() if value is None]
    if total is not None and hidden:
        residual = total - sum(value for value in shown.values() if value is not None)
        assert len(hidden) >= 2, "one hidden cell would equal total minus the rest"
        assert residual >= MIN_PEOPLE, "the hidden cells together would be a figure about 1–4 people"


@given(counts)
def test_only_what_must_be_hidden_plus_the_smallest_partners(cells):
    shown, _ = suppress_breakdown(cells)
    primary = {k for k, v in cells.items() if 0 < v < MIN_PEOPLE}
    secondary = {k for k, v in shown.items() if v is None} - primary
    assert primary <= {k for k, v in shown.items() if v is None}
    if secondary:  # partners are never bigger than a visible non-zero cell
        visible = [v for v in shown.values() if v]
        assert not visible or max(cells[k] for k in secondary) <= min(visible)


@given(st.integers(0, 200), st.integers(0, 200))
def test_share_never_tells_about_one_to_four_people(a, b):
    numerator, base = min(a, b), max(a, b)
    share = suppress_share(numerator, base)
    if share is not None:
        for people in (numerator, base, base - numerator):
            assert people == 0 or people >= MIN_PEOPLE
        assert share == numerator / base
    if base and all(p == 0 or p >= MIN_PEOPLE for p in (numerator, base, base - numerator)):
        assert share is not None


def test_examples():
    assert suppress_breakdown({"a": 3, "b": 10, "c": 7}) == ({"a": None, "b": 10, "c": None}, 20)
    assert suppress_breakdown({"a": 2, "b": 0}) == ({"a": None, "b": 0}, None)
    assert suppress_breakdown({"a": 12, "b": 6}) == ({"a": 12, "b": 6}, 18)
    assert suppress_median(4, 3.0) is None and suppress_median(5, 3.0) == 3.0
