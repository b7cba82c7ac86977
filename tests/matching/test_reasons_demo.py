"""Reasons that read right, checked over every result of every demo student (database backend)."""

import io
import re

import pytest
from django.core.management import call_command

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
    for student in StudentProfile.objects.select_related("postal_code"):
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
