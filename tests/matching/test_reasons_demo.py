"""Reasons that read right, checked over every result of the demo's students (the story's and a sample of the
background population; database backend)."""

import io
import re

import pytest
from django.core.management import call_command

from backend.demo.population import population_users
from matching import selectors
from matching.search import SearchQuery
from matching.search.backends.database import Backend as DatabaseBackend
from seekers.models import StudentProfile

pytestmark = pytest.mark.django_db

INTEREST = re.compile(r"^passt zu deinen Interessen (.+)$")
ITEM = re.compile(r"„([^“]+)“")


def test_every_demo_reason_lists_whole_field_names_and_counts_every_application():
    call_command("load_demo_data", stdout=io.StringIO())
    names = selectors.berufsfeld_names()
    backend = DatabaseBackend()
    results = interest_reasons = 0
    # the story's students and every 20th of the background population (600 students without logins, built the
    # same way): the reasons are one code path for all, and a tenth of the students keeps both sentences exercised
    # (asserted below) at a tenth of the cost (issue 8: this test alone took minutes)
    population = list(population_users().order_by("pk").values_list("pk", flat=True))
    sample = set(population[::20])
    students = StudentProfile.objects.exclude(user__in=set(population) - sample).select_related("postal_code")
    for student in students:
        facts = selectors.student_facts(student)
        result = backend.search(SearchQuery(student=facts, limit=10_000))
        for match in selectors.hydrate(result, facts):
            results += 1
            p = match.hit.facts
            shared = {names[b] for b in p.berufsfeld_ids if facts.interests.get(b)}
            sentence = next((r for r in match.reasons if INTEREST.match(r)), None)
            if shared:
                interest_reasons += 1
                listed = INTEREST.match(sentence).group(1)
                items = ITEM.findall(listed)
                assert set(items) == shared and len(items) == len(shared), sentence
                # nothing outside the quotes but the separators: each name reads as one item
                assert re.sub(ITEM, "", listed).replace(",", "").replace("und", "").strip() == "", sentence
            else:
                assert sentence is None
            says_none = "noch keine Bewerbungen" in match.reasons
            assert says_none == (p.open_applications == 0 and p.accepted == 0), (p, match.reasons)
    assert results > 100 and interest_reasons > 50  # the demo really exercised both sentences
