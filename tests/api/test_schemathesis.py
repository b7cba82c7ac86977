"""The API keeps its contract under fuzzing: schemathesis generates requests from the live OpenAPI schema
(/api/schema/) for every operation, as every role (anonymous, student, parent, teacher, company member, city
staff), valid and invalid ones, and checks that no answer is a server error and that every status code
the answer has is one the schema documents for that operation (response shapes too).

Bounded: SCHEMATHESIS_EXAMPLES examples per operation, role and mode (default 3), so the test stays around a
minute on two cores. One test per role, so pytest-xdist spreads the roles over the cores (the cases are the same
as in one test over all roles). It runs in both CI passes (SQLite and PostgreSQL: NUL bytes break only there).
Set SCHEMATHESIS_EXAMPLES higher for a deeper local run; the summary line gives cases and failures.
"""

import functools
import os
import re
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.core.result import Err, Ok

from backend.accounts.models import Role
from seekers.models import Application, ClassMembership, Favourite
from tests.factories import (
    ApplicationFactory,
    CompanyMemberFactory,
    FavouriteFactory,
    ParentLinkFactory,
    PlacementFactory,
    SchoolClassFactory,
    SiteFactory,
    StudentProfileFactory,
    TeacherProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))
CHECKS = ["not_a_server_error", "status_code_conformance", "response_schema_conformance"]


def _world():
    """A small world with one of everything, so known ids reach the views' deeper branches."""
    member = CompanyMemberFactory()
    company = member.company
    site = SiteFactory(company=company)
    placement = PlacementFactory(company=company, site=site)
    teacher = TeacherProfileFactory()
    school_class = SchoolClassFactory(school=teacher.school)
    school_class.teachers.add(teacher.user)
    student = StudentProfileFactory(interests={"ITC": 4})
    ClassMembership.objects.create(school_class=school_class, student=student)
    link = ParentLinkFactory(student=student)
    favourite = FavouriteFactory(student=student, placement=placement)
    application = ApplicationFactory(student=student, placement=placement)
    staff = UserFactory(role=Role.STAFF, is_staff=True)
    users = {
        "anonymous": None,
        "student": student.user,
        "parent": link.parent,
        "teacher": teacher.user,
        "company": member.user,
        "staff": staff,
    }
    ids = {
        "slug": company.slug,
        "placements": placement.pk,
        "applications": application.pk,
        "favourites": favourite.pk,
        "classes": school_class.pk,
        "students": student.pk,
        "sites": site.pk,
        "members": member.pk,
        "parents": link.pk,
    }
    return users, ids, (Application, Favourite)


def _known_path_parameters(path: str, ids: dict) -> dict:
    """{param: a real id} for a path template like /api/v1/applications/{pk}/{action}/."""
    out = {}
    if "{slug}" in path:
        out["slug"] = ids["slug"]
    match = re.search(r"/(\w+)/\{pk\}", path)
    if match and match.group(1) in ids:
        out["pk"] = ids[match.group(1)]
    return out


def _tokens(users):
    keys = {}
    for role, user in users.items():
        if user is not None:
            keys[role] = f"{role}-token-0000000000000000000000000000"[:40]
    return keys


@pytest.fixture
def keep_db_connection():
    """Like Django's test client: a request must not close the test's connection (on PostgreSQL that ends the
    test transaction; the in-process WSGI call would otherwise run Django's close_old_connections)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


ROLES = ["anonymous", "student", "parent", "teacher", "company", "staff"]  # the keys of _world()'s users


@functools.cache
def _live_schema():
    """The schema as the running app serves it, read once per process (drf-spectacular builds it in seconds;
    the roles' tests on one worker share it). Operations are bound to the app, not to a test's data."""
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.mark.parametrize("role", ROLES)
def test_api_survives_schemathesis(role, capsys, keep_db_connection) -> None:
    schema = _live_schema()
    users, ids, _models = _world()
    assert list(users) == ROLES
    keys = _tokens(users)
    checks = [getattr(schemathesis.checks, name) for name in CHECKS]

    cases = 0
    failures: Counter = Counter()
    examples: dict = {}
    only = re.compile(os.environ.get("SCHEMATHESIS_ONLY", ""))
    results = list(schema.get_all_operations())
    broken = [result.err() for result in results if isinstance(result, Err)]
    assert not broken, f"operations schemathesis cannot read from the schema: {broken}"
    operations = [op for op in (r.ok() for r in results if isinstance(r, Ok)) if only.search(op.label)]

    def run(operation, role, strategy):
        nonlocal cases
        headers = {"Accept-Encoding": "identity"}  # the in-process client does not gunzip (GZipMiddleware)
        if role in keys:
            headers["Authorization"] = f"Token {keys[role]}"

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def fuzz(case):
            nonlocal cases
            if role in keys:  # DELETE /accounts/token/ logs a token out: bring it back for the next case
                Token.objects.get_or_create(user=users[role], defaults={"key": keys[role]})
            cases += 1
            try:
                case.call_and_validate(headers=headers, checks=checks)
            except (Exception, BaseExceptionGroup) as exc:  # every failure is counted and shown below
                label = f"{operation.label} as {role}: {type(exc).__name__}"
                for failure in getattr(exc, "exceptions", [exc]):
                    key = f"{label}: {getattr(failure, 'title', str(failure))[:120]}"
                    failures[key] += 1
                    examples.setdefault(key, str(exc)[:1500])

        try:
            fuzz()
        except Unsatisfiable:  # nothing to make invalid (e.g. no parameters at all)
            pass

    for operation in operations:
        known = _known_path_parameters(operation.path, ids)
        has_input = len(operation.path_parameters) + len(operation.query) + len(operation.body)
        # every role once per operation, valid and invalid input in turn over the roles; real ids for signed-in roles
        mode = GenerationMode.NEGATIVE if has_input and ROLES.index(role) % 2 else GenerationMode.POSITIVE
        run(operation, role, operation.as_strategy(generation_mode=mode))
        if known and role in keys:
            run(operation, role, operation.as_strategy(path_parameters=known))

    total = sum(failures.values())
    lines = [f"schemathesis as {role}: {len(operations)} operations, {cases} cases, {total} failures"]
    lines += [f"  {n:4d} × {key}" for key, n in failures.most_common()]
    lines += [f"--- {key}\n{examples[key]}" for key in list(examples)[: int(os.environ.get("SCHEMATHESIS_SHOW", "0"))]]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    if os.environ.get("SCHEMATHESIS_REPORT"):
        with open(os.environ["SCHEMATHESIS_REPORT"], "a") as report:  # one block per role
            report.write("\n".join(lines) + "\n")
    assert total == 0, f"{total} failures in {cases} cases:\n" + "\n".join(lines)
