"""The filter form of the dashboard and the public page (school year, kind, Berufsfeld); the API uses it too."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.reference.models import Berufsfeld
from companies.models import PlacementKind

from .selectors import Filters, SchoolYear


def school_year_choices(today=None) -> list[tuple[str, str]]:
    current = SchoolYear.of(today or timezone.localdate())
    years = [SchoolYear(current.start_year + 1), current, current.previous, current.previous.previous]
    return [(y.label, y.label) for y in years]


class FilterForm(forms.Form):
    school_year = forms.ChoiceField(label=_("Schuljahr"), required=False)
    kind = forms.ChoiceField(label=_("Art"), required=False)
    berufsfeld = forms.ModelChoiceField(
        label=_("Berufsfeld"),
        queryset=Berufsfeld.objects.all(),
        required=False,
        empty_label=_("alle Berufsfelder"),
        error_messages={"invalid_choice": _("Dieses Berufsfeld gibt es nicht. Wähle eines aus der Liste.")},
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("school_year"):  # show (and use) the current school year
            data = data.copy()
            data["school_year"] = SchoolYear.of(timezone.localdate()).label
        super().__init__(data, *args, **kwargs)
        self.fields["school_year"].choices = school_year_choices()
        self.fields["school_year"].error_messages["invalid_choice"] = _(
            "Für dieses Schuljahr gibt es keine Zahlen. Wähle eines aus der Liste."
        )
        self.fields["kind"].choices = [("", _("alle Arten")), *PlacementKind.choices]
        self.fields["kind"].error_messages["invalid_choice"] = _("Diese Art gibt es nicht. Wähle eine aus der Liste.")

    def filters(self) -> Filters:
        """Call after is_valid(): the chosen filters, the current school year by default."""
        data = self.cleaned_data
        year = SchoolYear.parse(data["school_year"]) if data.get("school_year") else SchoolYear.of(timezone.localdate())
        return Filters(school_year=year, kind=data.get("kind") or "", berufsfeld=data.get("berufsfeld"))
