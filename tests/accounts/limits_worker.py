"""One stand-in for a gunicorn worker in the two-process limit test (tests/accounts/test_shared_limits.py).

Run as `python -m tests.accounts.limits_worker` with DJANGO_SETTINGS_MODULE=tests.accounts.shared_limits_settings
and DATABASE_URL pointing at a file database shared with the other worker. Reads one JSON command per line on
stdin, answers one JSON line on stdout. Requests go through Django's full stack (django.test.Client)."""

import json
import sys

import django


def main() -> None:
    django.setup()
    from django.contrib.auth.tokens import default_token_generator
    from django.test import Client
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from backend.accounts.models import Role, User
    from backend.accounts.services import TOO_MANY_LOGINS

    def login(cmd):
        client = Client(REMOTE_ADDR=cmd.get("ip", "127.0.0.1"))
        response = client.post(reverse("accounts:login"), {"email": cmd["email"], "password": cmd["password"]})
        html = response.content.decode()
        return {
            "status": response.status_code,
            "logged_in": "_auth_user_id" in client.session,
            "locked": str(TOO_MANY_LOGINS) in html,
        }

    def token(cmd):
        client = Client(REMOTE_ADDR=cmd.get("ip", "127.0.0.1"))
        response = client.post(
            reverse("accounts-api:token"),
            {"email": cmd["email"], "password": cmd["password"]},
            content_type="application/json",
        )
        return {"status": response.status_code}

    def create_user(cmd):
        User.objects.create_user(cmd["email"], cmd["password"], role=Role.STUDENT)
        return {"ok": True}

    def reset(cmd):
        """The emailed link's page: open it, then set the new password (Django's reset-confirm flow)."""
        user = User.objects.get(email=cmd["email"])
        client = Client(REMOTE_ADDR=cmd.get("ip", "127.0.0.1"))
        url = reverse(
            "accounts:password_reset_confirm",
            args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
        )
        form_url = client.get(url)["Location"]
        response = client.post(form_url, {"new_password1": cmd["password"], "new_password2": cmd["password"]})
        return {"status": response.status_code}

    ops = {"login": login, "token": token, "create_user": create_user, "reset": reset}
    for line in sys.stdin:
        cmd = json.loads(line)
        print(json.dumps(ops[cmd["op"]](cmd)), flush=True)


if __name__ == "__main__":
    main()
