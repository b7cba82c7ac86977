"""A short interest questionnaire: eight everyday statements, each pointing to a few Berufsfelder.
Written for this project (not taken from O*NET or other inventories). Answers 1–5 suggest weights 1–5
that the student can still change; it never overwrites interests without the student saving them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from backend.reference.models import Berufsfeld

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Item:
    key: str
    text: StrOrPromise  # shown in the reader's language
    codes: tuple[str, ...]  # Berufsfeld codes this statement speaks for


ITEMS = [
    Item("q_build", _("Ich baue, repariere oder schraube gern an Dingen herum."), ("BAV", "M", "PRFE")),
    Item(
        "q_computer",
        _("Ich verbringe gern Zeit damit, am Computer etwas auszuprobieren oder zu programmieren."),
        ("ITC", "TEC", "ME"),
    ),
    Item("q_people", _("Ich helfe gern anderen Menschen oder erkläre ihnen etwas."), ("SP", "G", "D")),
    Item("q_nature", _("Ich bin gern draußen und kümmere mich um Pflanzen oder Tiere."), ("LANAUM", "N")),
    Item("q_create", _("Ich zeichne, gestalte, fotografiere oder mache gern Musik."), ("KKG", "ME", "GESGE")),
    Item("q_numbers", _("Ich behalte gern den Überblick, plane und rechne mit Zahlen."), ("WIVE",)),
    Item(
        "q_experiment",
        _("Ich finde es spannend, Experimente zu machen und herauszufinden, wie etwas funktioniert."),
        ("N", "EL", "TEC"),
    ),
    Item(
        "q_service",
        _("Ich bin gern unterwegs, im Kontakt mit Kundinnen und Kunden oder organisiere Abläufe."),
        ("D", "VL"),
    ),
]


def suggest_weights(answers: dict) -> dict[int, int]:
    """{item key: 1–5} -> {berufsfeld_id: weight 0–5}: each field takes the strongest statement for it;
    'stimmt eher nicht' and below leave the field out (weight 0)."""
    ids = dict(Berufsfeld.objects.values_list("code", "id"))
    best: dict[int, int] = {}
    for item in ITEMS:
        try:
            value = int(answers.get(item.key, 0))
        except (TypeError, ValueError):
            continue
        for code in item.codes:
            if code in ids:
                best[ids[code]] = max(best.get(ids[code], 0), value)
    return {bf: (value if value >= 3 else 0) for bf, value in best.items()}
