"""Error pages in our layout and the visitor's language, the privacy policy, the accessibility statement with its
feedback form (stored, sent to the city), the Impressum's placeholders, Leichte Sprache, and the language kept in
the profile and used for that person's emails."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import translation

from backend.accounts.models import Role
from backend.mail.services import email_send
from frontend import errors
from frontend.models import AccessibilityFeedback
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("kaputt")


urlpatterns = [path("boom/", _boom), path("", include("backend.urls"))]
handler500 = "frontend.errors.server_error"


def test_404_is_in_our_layout_and_the_visitors_language(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Diese Seite gibt es nicht" in html and 'class="site-header"' in html and "<footer" in html
    english = client.get("/gibt-es-nicht/?lang=en").content.decode()
    assert '<html lang="en" dir="ltr">' in english and "This page does not exist" in english


def test_403_for_another_roles_page_is_in_our_layout(client):
    client.force_login(UserFactory(role=Role.PARENT))
    response = client.get(reverse("companies:staff_queue"))
    assert response.status_code == 403
    assert "Diese Seite darfst du nicht sehen" in response.content.decode()


def test_stale_form_gets_our_403_page_not_djangos():
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("accounts:login"), {"email": "a@b.example", "password": "x"})
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.content.decode()


def test_500_renders_in_our_layout_without_touching_the_database(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/?lang=ar")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html and 'class="site-header"' in html
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries, translation.override("de"):
        response = errors.server_error(request)
    assert response.status_code == 500 and len(queries) == 0
    assert "Hier ist bei uns etwas schiefgegangen" in response.content.decode()


def test_privacy_policy_answers_what_who_how_long_rights_contact(client):
    html = client.get(reverse("frontend:privacy")).content.decode()
    for heading in (
        "Was speichern wir?",
        "Wer sieht deine Daten?",
        "Wie lange speichern wir",
        "Deine Rechte",
        "Fragen?",
    ):
        assert heading in html
    assert reverse("frontend:easy_privacy") in html


def test_imprint_marks_the_citys_placeholders(client):
    html = client.get(reverse("frontend:imprint")).content.decode()
    assert html.count('class="placeholder"') >= 5


@pytest.mark.parametrize("name", ["easy_index", "easy_about", "easy_apply", "easy_parents", "easy_privacy"])
def test_leichte_sprache_pages_are_german_in_any_interface_language(client, name):
    html = client.get(reverse(f"frontend:{name}") + "?lang=ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<div class="easy" lang="de" dir="ltr">' in html


def test_every_page_links_leichte_sprache_and_privacy_in_the_footer(client):
    html = client.get(reverse("frontend:home")).content.decode()
    footer = html[html.index("<footer") :]
    assert reverse("frontend:easy_index") in footer and reverse("frontend:privacy") in footer


def test_accessibility_feedback_is_stored_and_sent_to_the_city(client, settings, django_capture_on_commit_callbacks):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "barrieren@stadt.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("frontend:accessibility") + "?lang=tr",
            {"message": "Der Knopf ist zu klein.", "page_url": "/suche/", "name": "", "email": ""},
        )
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == "Der Knopf ist zu klein." and feedback.language == "tr"
    assert feedback.forwarded_email.to == ["barrieren@stadt.example"]
    sent = [m for m in mail.outbox if m.to == ["barrieren@stadt.example"]]
    assert len(sent) == 1 and "Rückmeldung zur Barrierefreiheit" in sent[0].subject  # the city reads German
    assert "Der Knopf ist zu klein." in sent[0].body
    assert "Teşekkürler!" in client.get(response["Location"]).content.decode()  # the visitor's language


def test_accessibility_feedback_without_text_says_what_to_do(client):
    response = client.post(reverse("frontend:accessibility"), {"message": "  ", "email": "kaputt"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte beschreib die Barriere in ein paar Worten." in html
    assert "name@example.org" in html and 'value="kaputt"' in html  # nothing typed is lost
    assert not AccessibilityFeedback.objects.exists()


def test_language_choice_is_kept_in_the_profile_and_used_at_the_next_login(client):
    user = UserFactory(role=Role.STUDENT, language="de")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "uk", "next": "/"})
    user.refresh_from_db()
    assert user.language == "uk"
    other = Client()  # another device, no cookie
    other.force_login(user)
    assert '<html lang="uk" dir="ltr">' in other.get("/").content.decode()


def test_a_new_account_keeps_the_language_it_signed_up_in(client):
    from django.utils import translation

    with translation.override("ar"):
        user = UserFactory(role=Role.PARENT)
    assert user.language == "ar"


def _languages_used_to_render(monkeypatch):
    from django.utils import translation

    from backend.mail import services

    used = []

    def fake_render(template, context):
        used.append(translation.get_language())
        return "x"

    monkeypatch.setattr(services, "render_to_string", fake_render)
    return used


def test_emails_use_the_recipients_language(monkeypatch):
    used = _languages_used_to_render(monkeypatch)
    UserFactory(email="kind@example.org", role=Role.STUDENT, language="tr")
    email_send(to="Kind@example.org", template="emails/x", context={})
    assert set(used) == {"tr"}


def test_emails_to_unknown_or_mixed_recipients_are_german(monkeypatch):
    used = _languages_used_to_render(monkeypatch)
    UserFactory(email="a@example.org", role=Role.PARENT, language="tr")
    UserFactory(email="b@example.org", role=Role.PARENT, language="ar")
    email_send(to="fremd@example.org", template="emails/x", context={})
    email_send(to=["a@example.org", "b@example.org"], template="emails/x", context={})
    assert set(used) == {"de"}


def test_status_email_reaches_the_student_in_the_students_language(django_capture_on_commit_callbacks):
    from seekers import notifications
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(status="declined")
    application.student.user.language = "tr"
    application.student.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.status_changed(application)  # sent while the company's German request is active
    email = mail.outbox[-1]
    assert "reddedildi" in email.body and "Başvurunla ilgili yenilikler" in email.subject
    assert 'lang="tr"' in email.alternatives[0][0]
