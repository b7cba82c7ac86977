"""placement_path fills in a placement page's path reversed once; it must be what reverse() gives, also under a
script prefix and for strings the slug pattern would not take (those go through reverse itself)."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from companies.models import placement_path


def expected(company_slug, slug):
    return reverse("companies:placement_detail", kwargs={"company_slug": company_slug, "slug": slug})


@pytest.mark.parametrize(
    ("company_slug", "slug"),
    [
        ("baeckerei-mueller", "praktikum-2026"),
        ("a", "b"),
        ("C0MPANY", "PL4CEMENT"),
        ("x_1", "-"),
        ("PL4CEMENT", "C0MPANY"),
    ],
)
def test_same_as_reverse(company_slug, slug):
    assert placement_path(company_slug, slug) == expected(company_slug, slug)
    set_script_prefix("/stadt/")
    try:
        assert placement_path(company_slug, slug) == expected(company_slug, slug)
        assert placement_path(company_slug, slug).startswith("/stadt/")
    finally:
        clear_script_prefix()


def test_not_a_slug_goes_through_reverse():
    with pytest.raises(NoReverseMatch):
        placement_path("firma", "mit leerzeichen")
    with pytest.raises(NoReverseMatch):
        placement_path("ümlaut", "x")
