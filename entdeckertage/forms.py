"""Page forms of the Entdeckertage. They only parse input (ids → objects, text → dates and times); every rule is
in services.py, whose errors views.py puts back onto the fields (backend.forms.add_service_errors), so the page
shows them next to the field, linked with aria-describedby, and keeps everything typed."""

import datetime
from typing import cast

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from backend.reference.models import Berufsfeld
from companies.forms import IdChoiceField

from .models import MAX_SEATS, Season
from .services import PHASE_FIELDS

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def season_date_choices(season: Season) -> list:
    """The season's days grouped by block, for a <select> with <optgroup>s."""
    out = []
    for block in season.blocks.prefetch_related("dates"):
        days = [(d.date.isoformat(), formats.date_format(d.date, "l, j. F Y")) for d in block.dates.all()]
        out.append((block.name, days))
    return out


class OfferForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"), max_length=160, help_text=_("z. B. „Ein Tag in der Kfz-Werkstatt“"), required=False
    )
    date = forms.TypedChoiceField(
        label=_("Datum"),
        coerce=datetime.date.fromisoformat,
        required=False,
        empty_value=None,
        help_text=_("Einer der Tage der Entdeckertage; jede Klasse hat einen Block."),
    )
    berufsfeld = IdChoiceField(label=_("Berufsfeld"), queryset=Berufsfeld.objects.order_by("id"), required=False)
    site = IdChoiceField(label=_("Standort"), queryset=None, required=False)
    start_time = forms.TimeField(
        label=_("Beginn"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label=_("Ende"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Das Programm dauert mindestens 4 Stunden."),
    )
    seats = forms.IntegerField(
        label=_("Plätze"),
        required=False,
        help_text=_("1 bis %(max)s Schüler*innen an diesem Tag.") % {"max": MAX_SEATS},
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_SEATS, "inputmode": "numeric"}),
    )
    programme = forms.CharField(
        label=_("Programm"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Was die Schüler*innen an dem Tag erleben und tun."),
    )
    what_to_bring = forms.CharField(label=_("Bitte mitbringen"), required=False, max_length=500)
    min_age = forms.IntegerField(
        label=_("Mindestalter (optional)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 10, "max": 18, "inputmode": "numeric"}),
        help_text=_("Leer lassen, wenn alle Schüler*innen der Jahrgangsstufe kommen dürfen."),
    )
    requirements = forms.CharField(
        label=_("Voraussetzungen (optional)"),
        required=False,
        max_length=500,
        help_text=_("z. B. Infektionsschutz-Belehrung"),
    )
    is_accessible = forms.BooleanField(label=_("Der Ort ist barrierefrei"), required=False)

    def __init__(self, *args, season: Season, company, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["date"]).choices = [("", _("bitte wählen")), *season_date_choices(season)]
        site = cast(forms.ModelChoiceField, self.fields["site"])
        site.queryset = company.sites.order_by("name", "id")
        site.empty_label = _("bitte wählen")
        cast(forms.ModelChoiceField, self.fields["berufsfeld"]).empty_label = _("bitte wählen")
        # required, but the service says what to do (one message for the page and the API)
        for name in ("title", "date", "berufsfeld", "site", "start_time", "end_time", "seats"):
            self.fields[name].widget.attrs["required"] = True

    def values(self) -> dict:
        """The cleaned data as the service takes it."""
        return dict(self.cleaned_data)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Absage"),
        max_length=255,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 255}),
        help_text=_("Die Schüler*innen und ihre Eltern lesen ihn in der Nachricht."),
    )


BLOCK_ROWS = 4


class PhasesForm(forms.Form):
    offers_from = forms.DateField(label=_("Angebote ab"), input_formats=DATE_FORMATS, widget=_date_input())
    wishes_from = forms.DateField(label=_("Wünsche ab"), input_formats=DATE_FORMATS, widget=_date_input())
    allocation_from = forms.DateField(label=_("Verteilung ab"), input_formats=DATE_FORMATS, widget=_date_input())
    booking_from = forms.DateField(label=_("Restplätze buchen ab"), input_formats=DATE_FORMATS, widget=_date_input())
    days_from = forms.DateField(label=_("Entdeckertage ab"), input_formats=DATE_FORMATS, widget=_date_input())
    certificates_from = forms.DateField(label=_("Bescheinigungen ab"), input_formats=DATE_FORMATS, widget=_date_input())


class SeasonForm(PhasesForm):
    """A season: name, school year, grade, up to BLOCK_ROWS blocks (first and last day; the school days between
    are the block's days) and the phases."""

    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("z. B. „Entdeckertage 2026“"))
    school_year = forms.RegexField(
        label=_("Schuljahr"),
        regex=r"^\d{4}/\d{2}$",
        max_length=7,
        help_text=_("z. B. 2025/26"),
        error_messages={"invalid": _("Bitte gib das Schuljahr so an: 2025/26.")},
    )
    grade = forms.IntegerField(
        label=_("Jahrgangsstufe"), initial=8, widget=forms.NumberInput(attrs={"min": 5, "max": 13})
    )
    field_order = ["name", "school_year", "grade"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, BLOCK_ROWS + 1):
            self.fields[f"block_{i}_from"] = forms.DateField(
                label=_("Block %(n)s: erster Tag") % {"n": i},
                required=i == 1,
                input_formats=DATE_FORMATS,
                widget=_date_input(),
            )
            self.fields[f"block_{i}_to"] = forms.DateField(
                label=_("Block %(n)s: letzter Tag") % {"n": i},
                required=i == 1,
                input_formats=DATE_FORMATS,
                widget=_date_input(),
                help_text=_("Die Schultage (Montag bis Freitag) dazwischen gehören zum Block.") if i == 1 else "",
            )
        self.order_fields(
            ["name", "school_year", "grade"]
            + [f"block_{i}_{e}" for i in range(1, BLOCK_ROWS + 1) for e in ("from", "to")]
            + list(PHASE_FIELDS)
        )

    def clean(self):
        data = super().clean()
        blocks = []
        for i in range(1, BLOCK_ROWS + 1):
            a, b = data.get(f"block_{i}_from"), data.get(f"block_{i}_to")
            if a is None and b is None:
                continue
            if a is None or b is None:
                self.add_error(f"block_{i}_from" if a is None else f"block_{i}_to", _("Bitte gib beide Tage an."))
                continue
            if b < a:
                self.add_error(f"block_{i}_to", _("Der letzte Tag liegt vor dem ersten. Bitte tausche sie."))
                continue
            if (b - a).days > 14:
                self.add_error(f"block_{i}_to", _("Ein Block dauert höchstens zwei Wochen."))
                continue
            days = [a + datetime.timedelta(days=k) for k in range((b - a).days + 1)]
            blocks.append([d for d in days if d.weekday() < 5])
        data["blocks"] = blocks
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "school_year": d["school_year"],
            "grade": d["grade"],
            "blocks": d["blocks"],
            **{f: d[f] for f in PHASE_FIELDS},
        }


class MoveForm(forms.Form):
    from_assignment = forms.TypedChoiceField(label=_("Diesen Tag entfernen"), coerce=int, required=False)
    to_offer = forms.TypedChoiceField(label=_("Neuer Tag"), coerce=int, required=False)
    reason = forms.CharField(
        label=_("Grund"),
        max_length=255,
        required=False,
        help_text=_("Wird mit deinem Namen protokolliert."),
    )

    def __init__(self, *args, days, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_assignment"].choices = [("", _("– keinen –"))] + [
            (a.pk, f"{formats.date_format(a.date, 'j.n.Y')}: {a.offer.title} ({a.offer.company.name})") for a in days
        ]
        self.fields["to_offer"].choices = [("", _("– keinen –"))] + [
            (
                o.pk,
                f"{formats.date_format(o.date, 'j.n.Y')}: {o.title} ({o.company.name}, {o.berufsfeld}, "
                + str(_("%(n)s frei") % {"n": o.seats - o.taken})
                + ")",
            )
            for o in offers
        ]


class ClassBlockForm(forms.Form):
    block = forms.TypedChoiceField(label=_("Block der Klasse"), coerce=int)

    def __init__(self, *args, season: Season, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["block"]).choices = [("", _("bitte wählen"))] + [
            (b.pk, b.name) for b in season.blocks.order_by("position", "id")
        ]


class ReasonForm(forms.Form):
    student = forms.TypedChoiceField(label=_("Schüler*in"), coerce=int)
    reason = forms.CharField(
        label=_("Grund für die Nicht-Teilnahme"),
        max_length=255,
        required=False,
        help_text=_("z. B. „langfristig erkrankt“; leer lassen, um den Grund zu löschen. Geht in den SVWS-Export."),
    )

    def __init__(self, *args, pupils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [("", _("bitte wählen"))] + [
            (p.pk, f"{p.user.last_name}, {p.user.first_name}") for p in pupils
        ]
