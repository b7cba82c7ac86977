"""companies/services.py: the rules a company, its colleagues and city staff run into."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backend.accounts.models import Role
from backend.api.exceptions import DomainError
from backend.reference.models import Occupation
from companies import services
from companies.models import AuditEntry, Company, MemberRole, Membership, Placement, PlacementKind, PlacementStatus
from tests.factories import CompanyFactory, CompanyMemberFactory, PlacementFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed(monkeypatch):
    ids = []
    monkeypatch.setattr("matching.indexing.placement_changed", lambda pk: ids.append(pk))
    monkeypatch.setattr("matching.indexing.placements_changed", lambda pks: ids.extend(pks))
    return ids


# --- company ---------------------------------------------------------------------------------------------
def test_register_creates_company_with_owner_and_audit():
    user = UserFactory(role=Role.COMPANY)
    company = services.company_register(user=user, name="Bäckerei Müller & Söhne")
    assert company.slug == "baeckerei-mueller-soehne"
    assert not company.is_verified
    assert Membership.objects.get(company=company, user=user).role == MemberRole.OWNER
    assert AuditEntry.objects.filter(company=company, action="company.register", actor=user).exists()


def test_register_slug_is_unique_and_avoids_page_paths():
    user = UserFactory(role=Role.COMPANY)
    a = services.company_register(user=user, name="Muster")
    b = services.company_register(user=user, name="Muster")
    c = services.company_register(user=user, name="Registrieren")
    assert a.slug != b.slug
    assert c.slug != "registrieren"


def test_register_refuses_student_accounts():
    with pytest.raises(DomainError):
        services.company_register(user=UserFactory(role=Role.STUDENT), name="X")


def test_description_is_sanitised(company, owner):
    services.company_update(
        company=company,
        by=owner,
        description=(
            '<p onclick="x()">Hallo <strong>Welt</strong></p><script>alert(1)</script>'
            '<a href="javascript:alert(1)">böse</a><a href="https://example.org">gut</a><img src=x><h3>Titel</h3>'
        ),
    )
    company.refresh_from_db()
    d = company.description
    assert "<script" not in d and "onclick" not in d and "javascript:" not in d and "<img" not in d
    assert "<strong>Welt</strong>" in d and "<h3>Titel</h3>" in d
    assert 'rel="noopener nofollow"' in d


def test_plain_text_description_becomes_paragraphs(company, owner):
    services.company_update(company=company, by=owner, description="Erste Zeile\nzweite\n\nNeuer Absatz <3")
    company.refresh_from_db()
    assert company.description == "<p>Erste Zeile<br>zweite</p><p>Neuer Absatz &lt;3</p>"


def test_update_by_non_member_is_refused(company):
    other = CompanyMemberFactory().user
    with pytest.raises(PermissionDenied):
        services.company_update(company=company, by=other, name="Gekapert")


def test_update_writes_audit_with_changes_and_tells_index(company, owner, placement, changed):
    services.company_update(company=company, by=owner, industry="Stahl")
    entry = AuditEntry.objects.filter(action="company.update").get()
    assert entry.changes == {"industry": ["", "Stahl"]}
    assert placement.pk in changed


def test_completeness_grows_and_names_next_step(company, owner, itc):
    first = services.company_completeness(company)
    assert first["percent"] == 0
    assert "Standort" in first["next_step"]
    SiteFactory(company=company)
    services.company_update(
        company=company,
        by=owner,
        description="x" * 250,
        berufsfelder=[itc],
        industry="IT",
        size_band="10-49",
        website="https://example.org",
        offers_internships=True,
    )
    services.contact_person_create(company=company, by=owner, name="Frau Yilmaz", email="y@example.org")
    after = services.company_completeness(company)
    assert after["percent"] == 75
    assert after["next_step_key"] == "logo"


# --- sites -----------------------------------------------------------------------------------------------
def test_site_takes_coordinates_and_district_from_postal_code(company, owner):
    site = services.site_create(company=company, by=owner, name="Werk", street="Hauptstr. 1", postal_code="44137")
    assert site.district is not None and not site.has_exact_point
    assert site.latitude == site.postal_code.latitude


def test_site_exact_point_must_be_near_postal_code(company, owner):
    site = services.site_create(
        company=company, by=owner, name="Werk", street="A 1", postal_code="44137", latitude=51.515, longitude=7.46
    )
    assert site.has_exact_point
    with pytest.raises(ValidationError) as exc:
        services.site_create(
            company=company, by=owner, name="Werk", street="A 1", postal_code="44137", latitude=48.1, longitude=11.5
        )  # Munich
    assert "km" in exc.value.message_dict["latitude"][0]
    with pytest.raises(ValidationError):
        services.site_create(
            company=company, by=owner, name="Werk", street="A 1", postal_code="44137", latitude=200, longitude=7.4
        )


def test_site_unknown_postal_code(company, owner):
    with pytest.raises(ValidationError) as exc:
        services.site_create(company=company, by=owner, name="Werk", street="A 1", postal_code="00000")
    assert "Postleitzahl" in exc.value.message_dict["postal_code"][0]


def test_site_with_placements_cannot_be_deleted(placement, owner):
    with pytest.raises(DomainError):
        services.site_delete(site=placement.site, by=owner)


# --- colleagues ------------------------------------------------------------------------------------------
def test_invite_and_accept(company, owner, sent):
    inv = services.invitation_create(company=company, by=owner, email="Kollegin@Example.org")
    assert sent[0]["to"] == "kollegin@example.org"
    assert inv.raw_token in sent[0]["context"]["url"]
    assert inv.token != inv.raw_token  # only the hash is stored
    colleague = UserFactory(role=Role.COMPANY, email="kollegin@example.org")
    m = services.invitation_accept(token=inv.raw_token, user=colleague)
    assert m.role == MemberRole.EDITOR and m.company == company
    with pytest.raises(DomainError):  # used once
        services.invitation_accept(token=inv.raw_token, user=colleague)


def test_invitation_for_someone_else_or_a_student_is_refused(company, owner, sent):
    inv = services.invitation_create(company=company, by=owner, email="a@example.org")
    with pytest.raises(DomainError) as exc:
        services.invitation_accept(token=inv.raw_token, user=UserFactory(role=Role.COMPANY, email="b@example.org"))
    assert "a@example.org" in exc.value.message
    with pytest.raises(DomainError):
        services.invitation_accept(token=inv.raw_token, user=UserFactory(role=Role.STUDENT, email="a@example.org"))


def test_editor_cannot_invite(company, editor, sent):
    with pytest.raises(PermissionDenied):
        services.invitation_create(company=company, by=editor, email="x@example.org")


def test_last_owner_cannot_leave_or_be_demoted(company, owner, editor):
    own = Membership.objects.get(user=owner)
    with pytest.raises(DomainError):
        services.membership_remove(membership=own, by=owner)
    with pytest.raises(DomainError):
        services.membership_set_role(membership=own, by=owner, role=MemberRole.EDITOR)
    services.membership_set_role(membership=Membership.objects.get(user=editor), by=owner, role=MemberRole.OWNER)
    services.membership_remove(membership=own, by=owner)  # now someone else owns it
    assert not Membership.objects.filter(user=owner).exists()


def test_editor_may_leave_but_not_remove_others(company, owner, editor):
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=Membership.objects.get(user=owner), by=editor)
    services.membership_remove(membership=Membership.objects.get(user=editor), by=editor)
    assert AuditEntry.objects.filter(action="membership.leave").exists()


# --- placements ------------------------------------------------------------------------------------------
def _data(site, in_days, **over):
    data = dict(
        kind=PlacementKind.HOLIDAY_INTERNSHIP,
        title="Ferienpraktikum Mechatronik",
        site=site,
        start_date=in_days(30),
        end_date=in_days(39),
        seats=2,
    )
    data.update(over)
    return data


def test_create_starts_as_draft_and_publish(company, owner, site, in_days, itc, changed):
    p = services.placement_create(company=company, by=owner, berufsfelder=[itc], **_data(site, in_days))
    assert p.status == PlacementStatus.DRAFT and p.slug == "ferienpraktikum-mechatronik"
    p = services.placement_publish(placement=p, by=owner)
    assert p.status == PlacementStatus.PUBLISHED and p.published_at
    assert changed.count(p.pk) >= 2


IMPOSSIBLE = [
    ("end before start", dict(end_date=-1), "end_date", "vor dem Beginn"),
    ("no seats", dict(seats=0), "seats", "mindestens einen Platz"),
    ("deadline after start", dict(application_deadline=+5), "application_deadline", "nach dem Beginn"),
    ("career day longer than a day", dict(kind=PlacementKind.CAREER_DAY, end_date=+1), "end_date", "einen Tag"),
    ("career day with 10 seats", dict(kind=PlacementKind.CAREER_DAY, end_date=0, seats=10), "seats", "9"),
    ("min age 12", dict(min_age=12), "min_age", "13"),
    ("grade 4", dict(min_grade=4), "min_grade", "Klasse"),
    ("internship without end", dict(end_date=None), "end_date", "bis wann"),
    ("internship of 3 months", dict(end_date=+90), "end_date", "6 Wochen"),
    ("language not a code", dict(languages=["Deutsch"]), "languages", "Kürzel"),
]


@pytest.mark.parametrize("case,over,field,text", IMPOSSIBLE, ids=[c[0] for c in IMPOSSIBLE])
def test_impossible_input_is_refused_with_reason(company, owner, site, in_days, itc, case, over, field, text):
    start = in_days(30)
    resolved = {
        k: (
            start + datetime.timedelta(days=v)
            if k in ("end_date", "application_deadline") and isinstance(v, int)
            else v
        )
        for k, v in over.items()
    }
    with pytest.raises(ValidationError) as exc:
        services.placement_create(company=company, by=owner, berufsfelder=[itc], **_data(site, in_days, **resolved))
    assert text in " ".join(exc.value.message_dict[field])


def test_site_of_another_company_is_refused(company, owner, in_days, itc):
    foreign = SiteFactory(company=CompanyFactory())
    with pytest.raises(ValidationError) as exc:
        services.placement_create(company=company, by=owner, berufsfelder=[itc], **_data(foreign, in_days))
    assert "anderen Unternehmen" in exc.value.message_dict["site"][0]


def test_publish_refuses_start_in_the_past(company, owner, site, in_days, itc):
    p = PlacementFactory(
        company=company, site=site, status=PlacementStatus.DRAFT, start_date=in_days(-3), end_date=in_days(5)
    )
    with pytest.raises(ValidationError) as exc:
        services.placement_publish(placement=p, by=owner)
    assert "Vergangenheit" in exc.value.message_dict["start_date"][0]


def test_publish_needs_verified_email(company, site, in_days):
    unverified = CompanyMemberFactory(company=company, user__email_verified_at=None).user
    p = PlacementFactory(company=company, site=site, status=PlacementStatus.DRAFT)
    with pytest.raises(DomainError):
        services.placement_publish(placement=p, by=unverified)


def test_career_day_end_defaults_to_start_and_apprenticeship_has_no_end(company, owner, site, in_days, itc):
    day = services.placement_create(
        company=company,
        by=owner,
        berufsfelder=[itc],
        **_data(site, in_days, kind=PlacementKind.CAREER_DAY, end_date=None),
    )
    assert day.end_date == day.start_date
    occ = Occupation.objects.filter(berufsfelder__isnull=False).first()
    app = services.placement_create(
        company=company,
        by=owner,
        occupation=occ,
        **_data(site, in_days, kind=PlacementKind.APPRENTICESHIP, end_date=in_days(900)),
    )
    assert app.end_date is None
    assert set(app.berufsfelder.all()) == set(occ.berufsfelder.all())  # taken from the occupation


def test_lifecycle_rules(placement, owner):
    with pytest.raises(DomainError):
        services.placement_publish(placement=placement, by=owner)  # already published
    services.placement_close(placement=placement, by=owner)
    services.placement_reopen(placement=placement, by=owner)
    services.placement_archive(placement=placement, by=owner)
    with pytest.raises(DomainError):
        services.placement_reopen(placement=placement, by=owner)
    with pytest.raises(DomainError):
        services.placement_update(placement=placement, by=owner, title="Neu")
    actions = list(AuditEntry.objects.filter(target_id=placement.pk).values_list("action", flat=True))
    assert {"placement.close", "placement.reopen", "placement.archive"} <= set(actions)


def _full(placement, *, closed_when_full):
    from tests.factories import ApplicationFactory

    for _ in range(placement.seats):
        ApplicationFactory(placement=placement, status="accepted")
    Placement.objects.filter(pk=placement.pk).update(status=PlacementStatus.CLOSED, closed_when_full=closed_when_full)
    placement.refresh_from_db()
    return placement


def test_reopen_refuses_when_every_seat_is_accepted(placement, owner):
    _full(placement, closed_when_full=True)
    with pytest.raises(DomainError) as exc:
        services.placement_reopen(placement=placement, by=owner)
    assert "Plätze sind schon zugesagt" in exc.value.message
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CLOSED


def test_reopen_with_a_free_seat_resets_the_full_flag(placement, owner):
    from tests.factories import ApplicationFactory

    ApplicationFactory(placement=placement, status="accepted")  # 1 of 2 seats
    Placement.objects.filter(pk=placement.pk).update(status=PlacementStatus.CLOSED, closed_when_full=True)
    services.placement_reopen(placement=placement, by=owner)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PUBLISHED and not placement.closed_when_full


def test_manual_close_is_not_closed_when_full(placement, owner):
    Placement.objects.filter(pk=placement.pk).update(closed_when_full=True)
    services.placement_close(placement=placement, by=owner)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CLOSED and not placement.closed_when_full


def test_seats_cannot_drop_below_accepted(placement, owner):
    from tests.factories import ApplicationFactory

    ApplicationFactory(placement=placement, status="accepted")
    ApplicationFactory(placement=placement, status="accepted")
    with pytest.raises(ValidationError) as exc:
        services.placement_update(placement=placement, by=owner, seats=1)
    assert "2 Plätze sind schon zugesagt" in exc.value.message_dict["seats"][0]
    services.placement_update(placement=placement, by=owner, seats=2)  # equal is fine


def test_more_seats_reopen_a_placement_that_closed_because_full(placement, owner):
    _full(placement, closed_when_full=True)
    services.placement_update(placement=placement, by=owner, seats=3)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PUBLISHED and not placement.closed_when_full


def test_more_seats_keep_a_manually_closed_or_started_placement_closed(placement, owner, in_days):
    _full(placement, closed_when_full=False)
    services.placement_update(placement=placement, by=owner, seats=3)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CLOSED
    Placement.objects.filter(pk=placement.pk).update(closed_when_full=True, start_date=in_days(0), end_date=in_days(5))
    placement.refresh_from_db()
    services.placement_update(placement=placement, by=owner, seats=4)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CLOSED and placement.closed_when_full


def test_copy_for_next_year(placement, owner):
    placement.application_deadline = placement.start_date - datetime.timedelta(days=10)
    placement.save()
    copy = services.placement_copy(placement=placement, by=owner)
    assert copy.status == PlacementStatus.DRAFT and copy.pk != placement.pk
    assert copy.start_date == placement.start_date.replace(year=placement.start_date.year + 1)
    assert copy.application_deadline.year == placement.application_deadline.year + 1
    assert list(copy.berufsfelder.all()) == list(placement.berufsfelder.all())
    assert copy.slug != placement.slug


def test_update_of_published_placement_keeps_it_possible(placement, owner, in_days):
    services.placement_update(placement=placement, by=owner, title="Neuer Titel")
    with pytest.raises(ValidationError):
        services.placement_update(placement=placement, by=owner, start_date=in_days(-1), end_date=in_days(3))


# --- city staff ------------------------------------------------------------------------------------------
def test_staff_verify_hide_with_reason_and_audit(staff, placement, changed):
    company = placement.company
    company.is_verified = False
    company.save()
    assert not Placement.objects.public().exists()
    services.company_verify(company=company, by=staff)
    assert Placement.objects.public().filter(pk=placement.pk).exists()
    with pytest.raises(ValidationError):
        services.company_hide(company=company, by=staff, reason="  ")
    services.company_hide(company=company, by=staff, reason="Beschwerde einer Schule")
    assert not Company.objects.public().exists()
    services.company_unhide(company=company, by=staff)
    services.placement_hide(placement=placement, by=staff, reason="Unangemessener Text")
    assert not Placement.objects.public().exists()
    assert placement.pk in changed
    entry = AuditEntry.objects.get(action="placement.hide")
    assert entry.actor == staff and entry.reason == "Unangemessener Text"


def test_members_cannot_verify_their_own_company(company, owner):
    with pytest.raises(PermissionDenied):
        services.company_verify(company=company, by=owner)


def test_invitation_email_really_goes_out(company, owner, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inv = services.invitation_create(company=company, by=owner, email="team@example.org")
    mail = [m for m in mailoutbox if "team@example.org" in m.to][0]
    assert company.name in mail.subject
    assert inv.raw_token in mail.body


def test_owners_hear_about_verification_and_hiding(
    owner, placement, staff, mailoutbox, django_capture_on_commit_callbacks
):
    company = placement.company
    with django_capture_on_commit_callbacks(execute=True):
        services.company_verify(company=company, by=staff)
        services.placement_hide(placement=placement, by=staff, reason="Das Mindestalter fehlt.")
    to_owner = [m for m in mailoutbox if owner.email in m.to]
    assert "sichtbar" in to_owner[0].subject
    assert "Das Mindestalter fehlt." in to_owner[1].body and placement.title in to_owner[1].body


def test_too_long_texts_are_refused_with_the_limit_never_cut_nor_stored_whole(company, owner, placement):
    """Services called without a form or serializer (commands, other apps) refuse text over a field's limit with
    a German message naming it; SQLite would otherwise store it whole and PostgreSQL answer with a 500."""
    with pytest.raises(ValidationError) as exc:
        services.company_update(company=company, by=owner, name="Stahlwerk " * 30)
    assert "höchstens 120 Zeichen" in exc.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as exc:
        services.placement_update(placement=placement, by=owner, title="Praktikum " * 30)
    assert "höchstens 160 Zeichen" in exc.value.message_dict["title"][0]
    company.refresh_from_db()
    placement.refresh_from_db()
    assert company.name == "Stahlwerk Hörde GmbH" and not placement.title.startswith("Praktikum Praktikum")
