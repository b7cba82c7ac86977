"""The pages: public search, Meine Matches, a student's matches for teacher or parent, placement reasons."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from backend.accounts.models import Role
from backend.reference.models import Berufsfeld, District
from seekers.models import ParentLink
from tests.factories import SchoolClassFactory, StudentProfileFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_backend")]


def test_search_page_lists_results_without_javascript(client, make_placement):
    p = make_placement(title="Ferienpraktikum Tischlerei", berufsfelder=("BAV",))
    r = client.get(reverse("matching:search"), {"q": "Tischlerei"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Ferienpraktikum Tischlerei" in html
    assert reverse("companies:placement_detail", kwargs={"company_slug": p.company.slug, "slug": p.slug}) in html
    assert "1 Angebot" in html
    assert "data-map-section" in html and "hidden" in html  # the map only appears when JavaScript runs
    assert "leaflet.js" in html


def test_search_page_shows_errors_at_the_field(client):
    r = client.get(reverse("matching:search"), {"plz": "12"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Diese Postleitzahl kennen wir nicht" in html
    assert 'aria-describedby="id_plz-error"' in html and 'id="id_plz-error"' in html


def test_facet_counts_next_to_the_options(client, make_placement):
    make_placement(kind="apprenticeship")
    make_placement(kind="apprenticeship")
    html = client.get(reverse("matching:search")).content.decode()
    assert 'Ausbildung <span class="mt-count">(2)</span>' in html


def test_filter_form_keeps_the_choices_with_counts_and_labels(client, make_placement):
    """The options are built in the view (matching.views._filter_choices): what the visitor chose stays
    chosen, each checkbox has its own label, counts stand next to the options they count."""
    make_placement(kind="apprenticeship", berufsfelder=("ITC",))
    make_placement(kind="career_day", berufsfelder=("ITC",))
    it = Berufsfeld.objects.get(code="ITC")
    district = District.objects.get(postal_codes__code="44137")
    r = client.get(
        reverse("matching:search"),
        {"kind": ["apprenticeship", "dual_study"], "berufsfeld": it.slug, "district": district.slug},
    )
    html = r.content.decode()
    kinds = ["career_day", "school_internship", "holiday_internship", "apprenticeship", "dual_study"]
    ids = {k: f"id_kind_{i}" for i, k in enumerate(kinds)}
    assert f'value="apprenticeship" id="{ids["apprenticeship"]}" checked>' in html
    assert f'value="dual_study" id="{ids["dual_study"]}" checked>' in html
    assert f'value="career_day" id="{ids["career_day"]}">' in html  # not chosen
    assert f'<label for="{ids["apprenticeship"]}">Ausbildung <span class="mt-count">(1)</span></label>' in html
    assert f'name="berufsfeld" value="{it.slug}"' in html and f'value="{it.slug}" id="id_berufsfeld_' in html
    assert f'<option value="{district.slug}" selected>{district.name} (1)</option>' in html
    assert '<option value="">alle Stadtbezirke</option>' in html


def test_my_matches_shows_reasons(client, make_placement):
    student = StudentProfileFactory(interests={"ITC": 5})
    make_placement(km_north=4.2, min_grade=9, title="IT-Praktikum")
    client.force_login(student.user)
    html = client.get(reverse("matching:my_matches")).content.decode()
    assert "Meine Matches" in html and "IT-Praktikum" in html
    assert "passt zu deinen Interessen „IT, Computer“" in html
    assert "km von 44137" in html and "ab Klasse 9" in html


def test_my_matches_without_profile_explains(client):
    client.force_login(UserFactory(role=Role.TEACHER))
    assert "Matches gibt es für Schüler*innen mit Profil" in client.get(reverse("matching:my_matches")).content.decode()


def test_my_matches_needs_login(client):
    from django.urls import NoReverseMatch

    try:
        login = reverse("accounts:login")
    except NoReverseMatch:
        pytest.skip("accounts:login does not exist yet (accounts area)")
    r = client.get(reverse("matching:my_matches"))
    assert r.status_code == 302 and r["Location"].startswith(login)


def test_teacher_and_linked_parent_see_a_students_matches_others_do_not(client, make_placement):
    student = StudentProfileFactory(interests={"ITC": 5}, user__first_name="Mia")
    make_placement(title="IT-Praktikum")
    url = reverse("matching:student_matches", kwargs={"student_id": student.pk})
    client.force_login(UserFactory(role=Role.TEACHER))
    assert client.get(url).status_code == 404
    teacher = UserFactory(role=Role.TEACHER)
    klass = SchoolClassFactory()
    klass.teachers.add(teacher)
    klass.memberships.create(student=student)
    client.force_login(teacher)
    html = client.get(url).content.decode()
    assert "Matches für Mia" in html and "IT-Praktikum" in html
    parent = UserFactory(role=Role.PARENT)
    ParentLink.objects.create(parent=parent, student=student)
    client.force_login(parent)
    assert client.get(url).status_code == 200


def test_placement_reasons_partial(rf, make_placement):
    student = StudentProfileFactory(interests={"ITC": 5})
    ok = make_placement(min_grade=9)
    html = render_to_string("matching/_placement_reasons.html", {"placement": ok, "user": student.user})
    assert "Warum dieses Angebot zu dir passt" in html and "passt zu deinen Interessen „IT, Computer“" in html
    too_high = make_placement(min_grade=11)
    html = render_to_string("matching/_placement_reasons.html", {"placement": too_high, "user": student.user})
    assert "passt gerade nicht zu dir" in html and "erst ab einer höheren Klasse" in html
    assert (
        render_to_string(
            "matching/_placement_reasons.html", {"placement": ok, "user": UserFactory(role=Role.COMPANY)}
        ).strip()
        == ""
    )


def test_placement_page_shows_the_students_reasons(client, make_placement):
    student = StudentProfileFactory(interests={"ITC": 5})
    p = make_placement(min_grade=9)
    client.force_login(student.user)
    url = reverse("companies:placement_detail", kwargs={"company_slug": p.company.slug, "slug": p.slug})
    html = client.get(url).content.decode()
    assert "Warum dieses Angebot zu dir passt" in html
    assert "passt zu deinen Interessen „IT, Computer“" in html


def test_occupation_is_a_text_field_matched_on_the_server(client, make_placement):
    """Without JavaScript the occupation is typed: a unique part of the name is enough; the page carries
    no list of all ~320 occupations (the autocomplete asks the reference API)."""
    from backend.reference.models import Occupation

    tischler = Occupation.objects.get(slug="tischler")
    mine = make_placement(kind="apprenticeship", occupation=tischler, title="Ausbildung in der Werkstatt")
    make_placement(kind="apprenticeship", title="Etwas anderes")
    url = reverse("matching:search")
    for typed in ("tischler", "Tischler", "  tischler/tischlerin ", "ischle"):
        html = client.get(url, {"occupation": typed}).content.decode()
        assert "Ausbildung in der Werkstatt" in html and "Etwas anderes" not in html, typed
        assert 'value="Tischler/Tischlerin"' in html  # the input shows the name, also for a slug
    assert mine.occupation == tischler
    html = client.get(url).content.decode()
    assert "<option" not in html.split('id="id_occupation"')[1].split("</div>")[0]
    assert html.count("<option") < 100


def test_occupation_errors_say_what_to_do(client):
    url = reverse("matching:search")
    html = client.get(url, {"occupation": "Mechatroniker für"}).content.decode()
    assert "Mehrere Berufe passen" not in html  # one occupation: "Mechatroniker für Kältetechnik"
    html = client.get(url, {"occupation": "mechatroniker"}).content.decode()
    assert "Mechatroniker/Mechatronikerin" in html  # the masculine name alone is exact
    assert "Mehrere Berufe passen" not in html
    html = client.get(url, {"occupation": "kauf"}).content.decode()
    assert "Mehrere Berufe passen:" in html and "Bitte gib den Namen genauer ein." in html
    assert 'aria-invalid="true"' in html and 'id="id_occupation-error"' in html
    html = client.get(url, {"occupation": "Zauberlehrling"}).content.decode()
    assert "Diesen Ausbildungsberuf kennen wir nicht." in html
    assert 'value="Zauberlehrling"' in html  # nothing typed is lost
