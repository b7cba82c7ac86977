import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_and_docs_render(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    body = schema.content.decode()
    assert "/api/v1/accounts/token/" in body and "/api/v1/accounts/me/" in body
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/redoc/").status_code == 200


def test_schema_is_valid_and_account_endpoints_generate_without_warnings():
    out, err = io.StringIO(), io.StringIO()
    call_command("spectacular", "--validate", stdout=out, stderr=err)  # --validate raises on an invalid schema
    ours = [
        line
        for line in err.getvalue().splitlines()
        if "backend/accounts" in line or "backend/api" in line or "RoleEnum" in line
    ]
    assert ours == []
