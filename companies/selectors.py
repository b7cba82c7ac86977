"""Reads with joins: the public lists and pages, the company dashboard, the staff queue, the audit trail.

Public visibility is decided by Company.objects.public() / Placement.objects.public() (models.py):
unverified or hidden companies and their placements are not shown to the public at all.
"""

from django.db.models import Count, Q
from django.http import Http404

from seekers.models import Application

from .models import AuditEntry, Company, Membership, Placement, PlacementStatus
from .permissions import can_view_company, is_city_staff, is_member


def placement_public_list():
    """Published, visible placements, newest first: what the public list filters (PlacementFilter) and pages.
    The order has an index of its own (Placement.Meta: placement_public_newest), so a page reads only its rows
    instead of joining and sorting every public placement. Read a page with placement_public_values."""
    return Placement.objects.public().order_by("-published_at", "-id")


PUBLIC_ROW_VALUES = (
    "id",
    "slug",
    "company__slug",
    "company__name",
    "site",
    "site__postal_code",
    "site__city",
    "site__district__slug",
    "site__latitude",
    "site__longitude",
    "kind",
    "title",
    "occupation__slug",
    "description",
    "start_date",
    "end_date",
    "seats",
    "min_grade",
    "min_age",
    "required_qualification",
    "application_deadline",
    "is_accessible",
    "accessibility_notes",
    "languages",
    "contact",
    "status",
    "published_at",
)


def placement_public_values(placements):
    """The columns a public list row shows (PUBLIC_ROW_VALUES), lazily, for the paginator to slice; then
    placement_berufsfelder_added for the page. Plain values, not model instances: a row is read once and
    written out (companies.serializers.placement_public_rows), and building five model objects per row
    (placement, company, site, district, occupation) cost more than reading it. The paginator counts
    `placements` itself: the values' joins (site, district, occupation) change no count, and counting through
    them took the database twice as long as the page."""
    return CountedBy(placements.values(*PUBLIC_ROW_VALUES), placements)


class CountedBy:
    """`rows` for Django's Paginator (slices, order), counted by `counted`, a cheaper query of the same rows."""

    def __init__(self, rows, counted):
        self.rows = rows
        self.counted = counted

    @property
    def ordered(self) -> bool:
        return self.rows.ordered

    def count(self) -> int:
        return self.counted.count()

    def __getitem__(self, key):
        return self.rows[key]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return self.count()


def placement_berufsfelder_added(rows: list[dict]) -> list[dict]:
    """Each row of placement_public_values with "berufsfelder": its slugs by id, in one query for the page."""
    slugs: dict[int, list[str]] = {r["id"]: [] for r in rows}
    links = (
        Placement.berufsfelder.through.objects.filter(placement_id__in=list(slugs))
        .order_by("berufsfeld_id")
        .values_list("placement_id", "berufsfeld__slug")
    )
    for placement_id, slug in links:
        slugs[placement_id].append(slug)
    for r in rows:
        r["berufsfelder"] = slugs[r["id"]]
    return rows


def company_public_list():
    return (
        Company.objects.public()
        .annotate(
            open_placements=Count(
                "placements",
                filter=Q(placements__status=PlacementStatus.PUBLISHED, placements__is_hidden=False),
                distinct=True,
            )
        )
        .prefetch_related("berufsfelder")
        .order_by("name")
    )


def company_for_viewer(*, slug: str, user) -> Company:
    company = (
        Company.objects.filter(slug=slug)
        .prefetch_related("berufsfelder", "photos", "contacts", "sites__district")
        .first()
    )
    if company is None or not can_view_company(user, company):
        raise Http404
    return company


def company_placements_for_viewer(*, company: Company, user):
    qs = company.placements.select_related("site", "site__district", "occupation").prefetch_related("berufsfelder")
    if is_member(user, company) or is_city_staff(user):
        return qs.exclude(status=PlacementStatus.ARCHIVED)
    return qs.filter(status=PlacementStatus.PUBLISHED, is_hidden=False)


def placement_for_viewer(*, company_slug: str, slug: str, user) -> Placement:
    p = (
        Placement.objects.filter(company__slug=company_slug, slug=slug)
        .select_related("company", "site", "site__district", "occupation", "contact")
        .prefetch_related("berufsfelder")
        .first()
    )
    if p is None:
        raise Http404
    if is_member(user, p.company) or is_city_staff(user):
        return p
    # A closed placement stays readable (applicants follow links to it), marked closed; drafts, archived,
    # hidden placements and those of unchecked companies are not public.
    if p.is_public or (p.status == PlacementStatus.CLOSED and not p.is_hidden and p.company.is_public):
        return p
    raise Http404


def companies_of_user(user):
    if not getattr(user, "is_authenticated", False):
        return Company.objects.none()
    return Company.objects.filter(memberships__user=user).order_by("name")


def application_counts(*, placement_ids) -> dict[int, dict[str, int]]:
    """{placement_id: {status: n, "total": n}} of the applications the company may see: the same rule as
    seekers' inbox (released: no parental consent pending or refused), so the numbers match what it shows."""
    out: dict[int, dict[str, int]] = {}
    rows = (
        Application.objects.released_to_company()
        .filter(placement_id__in=list(placement_ids))
        .values("placement_id", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts = out.setdefault(row["placement_id"], {"total": 0})
        counts[row["status"]] = row["n"]
        counts["total"] += row["n"]
    return out


def dashboard_placements(*, company: Company):
    placements = list(
        company.placements.select_related("site")
        .prefetch_related("berufsfelder")
        .order_by("status", "start_date", "id")
    )
    counts = application_counts(placement_ids=[p.pk for p in placements])
    for p in placements:
        p.application_counts = counts.get(p.pk, {"total": 0})
    return placements


def company_members(*, company: Company):
    return Membership.objects.filter(company=company).select_related("user").order_by("role", "user__email")


def staff_queue():
    """Companies waiting for the city's check, oldest first; hidden ones listed after."""
    return (
        Company.objects.filter(Q(is_verified=False) | Q(is_hidden=True))
        .annotate(member_count=Count("memberships", distinct=True), placement_count=Count("placements", distinct=True))
        .order_by("is_hidden", "created_at")
    )


def audit_for_company(*, company: Company):
    return AuditEntry.objects.filter(company=company).select_related("actor").order_by("-created_at", "-id")


def placement_seats_taken(placement: Placement) -> int:
    """Seats of the placement that are promised; free = seats - this. The rule is seekers' (Application.objects
    .holding_seats), reached through the placement's applications, so companies need not import seekers."""
    return placement.applications.holding_seats().count()
