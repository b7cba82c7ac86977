"""The interest questionnaire speaks the reader's language: every statement is marked for translation."""

import pytest
from django.utils import translation

from seekers.questionnaire import ITEMS


@pytest.mark.parametrize("language", ["en", "tr", "ar", "uk"])
def test_every_statement_is_translated(language):
    german = [str(item.text) for item in ITEMS]
    with translation.override(language):
        shown = [str(item.text) for item in ITEMS]
    untranslated = [de for de, text in zip(german, shown, strict=True) if text == de]
    assert not untranslated, f"{language}: {untranslated}"
