"""No 500 on any input: NUL bytes and lone surrogates are refused in one place (InputGuardMiddleware) with our
error format, odd digits are validated by serializers, and a 500 under /api/ is JSON, not an HTML page."""

import json

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path
from rest_framework.views import APIView

from backend import urls as project_urls
from backend.accounts.models import Role
from tests.entdeckertage.conftest import company_member, season, staff  # noqa: F401  (fixtures)
from tests.factories import CompanyMemberFactory, StudentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["message"]
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reference/schools/?q=a%00b",
        "/api/v1/reference/occupations/?q=%00",
        "/api/v1/search/?q=x%00",
        "/api/v1/companies/?q=a%00",
        "/api/v1/placements/?kind=%00",
    ],
)
def test_nul_in_a_query_parameter_is_a_400_in_our_format(client, url):
    assert_error(client.get(url), 400, "invalid_characters")


def test_nul_in_a_header_or_cookie_is_a_400(client):
    assert_error(client.get("/api/v1/placements/", HTTP_AUTHORIZATION="Token abc\x00def"), 400, "invalid_characters")
    assert_error(client.get("/api/v1/placements/", HTTP_COOKIE="sessionid=abc\x00"), 400, "invalid_characters")


@pytest.mark.parametrize("value", ["a\u0000b", "\ud800", {"\u0000": 1}])
def test_nul_or_surrogate_in_a_json_body_is_a_400(client, value):
    user = UserFactory(role=Role.COMPANY)
    client.force_login(user)
    body = json.dumps({"company_name": value, "email": "x@example.org", "password": "x"})
    response = client.post("/api/v1/companies/signup/", body, content_type="application/json")
    assert_error(response, 400, "invalid_characters")


def test_a_plain_json_body_passes_the_guard(client):
    member = CompanyMemberFactory()
    client.force_login(member.user)
    response = client.patch(
        f"/api/v1/companies/{member.company.slug}/",
        json.dumps({"description": "Wir bilden aus: \\u0000 steht hier nur als Text"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content


def test_nul_on_a_page_is_the_sites_400_page_not_a_500(client):
    response = client.get("/suche/?q=a%00b")
    assert response.status_code == 400
    assert not response["Content-Type"].startswith("application/json")


def test_superscript_two_as_student_id_is_a_400(client):
    student = StudentProfileFactory()
    client.force_login(student.user)
    error = assert_error(client.get("/api/v1/matches/?student=²"), 400, "invalid")
    assert "student" in error["fields"]


def test_unknown_api_url_answers_json_404(client):
    assert_error(client.get("/api/v1/gibt-es-nicht/"), 404, "not_found")


def test_anonymous_api_call_is_401_with_a_token_challenge(client):
    response = client.get("/api/v1/accounts/me/")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_the_services_german_message_reaches_the_client_on_403(client):
    member = CompanyMemberFactory()
    other = CompanyMemberFactory()
    client.force_login(other.user)
    response = client.patch(
        f"/api/v1/companies/{member.company.slug}/", json.dumps({"name": "X"}), content_type="application/json"
    )
    error = assert_error(response, 403, "permission_denied")
    assert error["message"] == "Nur Mitglieder dieses Unternehmens dürfen das ändern."


class Boom(APIView):
    permission_classes = []

    def get(self, request):
        raise RuntimeError("boom")


# the project's URLs too: the 500 page is in our layout, whose navigation links to the real pages
def page_boom(request) -> HttpResponse:
    raise ZeroDivisionError("boom")  # a page that crashes


urlpatterns = [path("api/boom/", Boom.as_view()), path("seite/boom/", page_boom), *project_urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__)
def test_a_500_under_api_is_json(client):
    client.raise_request_exception = False
    assert_error(client.get("/api/boom/"), 500, "server_error")
    page = client.get("/seite/boom/")
    assert page.status_code == 500 and not page["Content-Type"].startswith("application/json")


def test_entdeckertage_offers_company_filter_takes_odd_digits_without_a_500(client, season, company_member):  # noqa: F811
    client.force_login(company_member.user)
    for value in ("abc", "²", "99999999999999999999"):
        response = client.get(f"/api/v1/entdeckertage/seasons/{season.pk}/offers/?company={value}")
        assert response.status_code in (400, 404), (value, response.status_code)
        assert response["Content-Type"].startswith("application/json")
