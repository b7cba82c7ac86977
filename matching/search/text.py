"""Free text, the same on every backend: what a German speaker means when typing a word.

A placement matches a query when EVERY query term occurs inside SOME word of its title, description,
company name or occupation name (an infix: "Praktikum" in "Schülerpraktikum", "Elektro" in
"Elektroniker", "Metallbau" in "Metallbauer/Metallbauerin"). Text and query are normalised the same way
first: Unicode NFC, lower case, ä→ae, ö→oe, ü→ue, ß→ss (so "Schüler", "SCHÜLER" and "Schueler" are
one word), split into words at everything that is not a letter or digit. A query term loses one common
German ending when at least five letters stay ("Metallbauerin" → "metallbau", "Bäcker" → "baeck",
"Praktika" → "praktik"), so the feminine or plural form finds the others; a compound ending in a common
head word may also be found by its parts ("Schülerpraktikum" finds "Schülerbetriebspraktikum").

The database backend narrows candidates in SQL (`sql_fold`, never stricter) and decides with `matches`;
the Elasticsearch backend indexes `index_terms` (every suffix of every word, computed here, no cluster
analysis module needed) and asks for a `prefix` per part: a part is an infix of a word exactly when it
is a prefix of one of the word's suffixes. Both therefore give the same hits by construction.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from django.db.models import TextField, Value
from django.db.models.functions import Lower, Replace

FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"<[^>]*>")
ENDINGS = ("innen", "erin", "ern", "en", "er", "in", "es", "e", "n", "s", "a")
MIN_STEM = 5
# head words of German compounds a query may use where the text has a longer compound
HEADS = ("praktikum", "ausbildung", "studium", "technik", "handel", "management", "beratung", "werkstatt")
MAX_TERMS = 10
MAX_TERM_LENGTH = 60


def normalise(text: str) -> str:
    text = text or ""
    if text.isascii():  # already NFC, nothing to fold (a shortcut: the same result)
        return text.lower()
    return unicodedata.normalize("NFC", text).lower().translate(FOLD)


def plain(text: str) -> str:
    """Text as read: HTML tags dropped, entities decoded (descriptions are sanitised HTML)."""
    text = text or ""
    if "<" in text or "&" in text:
        text = html.unescape(TAG.sub(" ", text))
    return text


def words(text: str) -> list[str]:
    return WORD.findall(normalise(plain(text)))


def stem(term: str) -> str:
    """Without the first (longest) ending it has, when at least MIN_STEM letters stay ("garten" stays)."""
    for ending in ENDINGS:
        if term.endswith(ending):
            return term[: -len(ending)] if len(term) - len(ending) >= MIN_STEM else term
    return term


def query_terms(query: str) -> list[str]:
    """The terms a query asks for (deduplicated, in order, at most MAX_TERMS)."""
    out: list[str] = []
    for word in words(query or ""):
        term = stem(word[:MAX_TERM_LENGTH])
        if term not in out:
            out.append(term)
    return out[:MAX_TERMS]


def alternatives(term: str) -> list[tuple[str, ...]]:
    """Ways a query term can be found: the term itself, or, for a compound ending in a common head word, its
    parts ("schuelerpraktikum" also as "schuel" + "praktikum", so it finds "Schülerbetriebspraktikum")."""
    out: list[tuple[str, ...]] = [(term,)]
    for head in HEADS:
        rest = term[: -len(head)]
        if term.endswith(head) and len(rest) >= 4:
            out.append((stem(rest), head))
            break
    return out


def query_groups(query: str) -> list[list[tuple[str, ...]]]:
    """For every query term its alternatives; a placement matches when, for every term, all the parts of
    one alternative are inside its words."""
    return [alternatives(term) for term in query_terms(query)]


def index_terms(texts: Iterable[str]) -> list[str]:
    """Every suffix of every word (sorted, distinct): what the Elasticsearch backend indexes."""
    terms: set[str] = set()
    for text in texts:
        terms |= suffix_set(text)
    return sorted(terms)


def suffix_set(text: str, suffixes: dict[str, list[str]] | None = None) -> set[str]:
    """Every suffix of every word of one text. `suffixes`: a word's suffixes kept across calls (indexing many
    documents, whose words repeat)."""
    if suffixes is None:
        suffixes = {}
    terms: set[str] = set()
    for word in set(words(text)):
        found = suffixes.get(word)
        if found is None:
            found = suffixes[word] = [word[i:] for i in range(len(word))]
        terms.update(found)
    return terms


def matches(groups: list[list[tuple[str, ...]]], texts: Iterable[str]) -> bool:
    """True when the texts satisfy every group of `query_groups` (the rule both backends implement)."""
    if not groups:
        return True
    ws = [w for text in texts for w in words(text)]

    def found(part):
        return any(part in w for w in ws)

    return all(any(all(found(p) for p in alt) for alt in group) for group in groups)


def sql_fold(expression):
    """A Django expression of `expression` folded as `normalise` does, in SQL (SQLite and PostgreSQL):
    umlauts and ß replaced in both cases before LOWER (SQLite's LOWER only knows ASCII). For a term of
    ASCII letters and digits, `sql_fold(field) LIKE %term%` finds every placement `matches` finds."""
    for src, dst in (
        ("Ä", "ae"),
        ("ä", "ae"),
        ("Ö", "oe"),
        ("ö", "oe"),
        ("Ü", "ue"),
        ("ü", "ue"),
        ("ẞ", "ss"),
        ("ß", "ss"),
    ):
        expression = Replace(expression, Value(src), Value(dst), output_field=TextField())
    return Lower(expression, output_field=TextField())
