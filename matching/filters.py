"""The search filters, one FilterSet for the API and the pages (django-filter parses and validates;
the configured search backend does the filtering)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.api.filtersets import FormClassOnce
from backend.reference.models import Berufsfeld, District, Occupation, Qualification
from backend.reference.selectors import UNKNOWN_POSTAL_CODE, postal_code_find
from companies.models import Placement, PlacementKind
from matching import scoring
from matching import widgets as fast_widgets
from matching.search.backends.base import GeoPoint, SearchQuery

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SORT_CHOICES = [
    ("match", gettext_lazy("Beste Treffer")),
    ("distance", gettext_lazy("Entfernung")),
    ("date", gettext_lazy("Beginn")),
]
PAGE_SIZE = 20
MAX_PAGE = 500


def _noop(queryset, name, value):
    return queryset


OCCUPATION_CHOICES_SHOWN = 8


class OccupationField(forms.CharField):
    """One occupation out of ~320, chosen by typing: a text input (the pages enhance it into an
    autocomplete backed by /api/v1/reference/occupations/), matched here so it works without JavaScript.
    Takes the slug (links, the API, the autocomplete) or the name, whole or in part, in any case; a
    part that fits several occupations names them so the student can pick one."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # a long name is cut by the server with a message, not by the browser
        attrs.update(
            {
                "autocomplete": "off",
                "data-occupation-autocomplete": "",
                "placeholder": _("alle Berufe"),
            }
        )
        return attrs

    def prepare_value(self, value):
        """Show the name in the input, also when the request carried a slug or a part of the name."""
        if isinstance(value, Occupation):
            return value.name
        if isinstance(value, str) and value.strip():
            try:
                return self.clean(value).name
            except ValidationError:
                return value
        return value

    def clean(self, value):
        text = " ".join(super().clean(value).split())
        if not text:
            return None
        found = (
            Occupation.objects.filter(slug=text.lower()).first()
            or Occupation.objects.filter(Q(name__iexact=text) | Q(name_masc__iexact=text) | Q(name_fem__iexact=text))
            .order_by("name")
            .first()
        )
        if found:
            return found
        candidates = list(
            Occupation.objects.filter(name__icontains=text).order_by("name")[: OCCUPATION_CHOICES_SHOWN + 1]
        )
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ValidationError(
                _("Diesen Ausbildungsberuf kennen wir nicht. Gib einen Teil des Namens ein, z. B. „Tischler“."),
                code="unknown_occupation",
            )
        names = ", ".join(o.name for o in candidates[:OCCUPATION_CHOICES_SHOWN])
        if len(candidates) > OCCUPATION_CHOICES_SHOWN:
            names += ", …"
        raise ValidationError(
            _("Mehrere Berufe passen: %(names)s. Bitte gib den Namen genauer ein.") % {"names": names},
            code="ambiguous_occupation",
        )


class OccupationFilter(django_filters.Filter):
    field_class = OccupationField


class SearchFilter(FormClassOnce, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=gettext_lazy("Suchbegriff"), method=_noop, max_length=200, widget=fast_widgets.TextInput
    )
    kind = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Art des Angebots"),
        method=_noop,
        choices=PlacementKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    berufsfeld = django_filters.ModelMultipleChoiceFilter(
        label=gettext_lazy("Berufsfelder"),
        method=_noop,
        queryset=Berufsfeld.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    occupation = OccupationFilter(label=gettext_lazy("Ausbildungsberuf"), method=_noop)
    district = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Stadtbezirk"),
        method=_noop,
        queryset=District.objects.all(),
        to_field_name="slug",
        empty_label=gettext_lazy("alle Stadtbezirke"),
    )
    plz = django_filters.CharFilter(
        label=gettext_lazy("Postleitzahl"), method=_noop, max_length=5, widget=fast_widgets.TextInput
    )
    radius = django_filters.NumberFilter(
        label=gettext_lazy("Umkreis in km"), method=_noop, min_value=1, max_value=200, widget=fast_widgets.NumberInput
    )
    date_from = django_filters.DateFilter(
        label=gettext_lazy("Beginn frühestens am"), method=_noop, widget=fast_widgets.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=gettext_lazy("Beginn spätestens am"), method=_noop, widget=fast_widgets.DateInput(attrs={"type": "date"})
    )
    qualification = django_filters.ChoiceFilter(
        label=gettext_lazy("Mein (angestrebter) Abschluss"),
        method=_noop,
        choices=Qualification.choices,
        empty_label=gettext_lazy("egal"),
        widget=fast_widgets.Select,
    )
    accessible = django_filters.BooleanFilter(
        label=gettext_lazy("nur barrierefreie Angebote"), method=_noop, widget=fast_widgets.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label=gettext_lazy("Sortieren nach"),
        method=_noop,
        choices=SORT_CHOICES,
        empty_label=None,
        widget=fast_widgets.Select,
    )
    page = django_filters.NumberFilter(method=_noop, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput)

    class Meta:
        model = Placement
        fields: list = []

    def __init__(self, data=None, *args, student_mode=False, **kwargs):
        super().__init__(data, *args, queryset=Placement.objects.none(), **kwargs)
        self.student_mode = student_mode
        for name in ("plz", "radius"):
            self.form.fields[name].widget.attrs.setdefault("inputmode", "numeric")
        self.form.fields["plz"].widget.attrs.update({"autocomplete": "postal-code", "pattern": "[0-9]{5}"})
        if student_mode:  # a student's matches start from home, within the travel radius
            del self.form.fields["plz"]
            self.form.fields["radius"].help_text = _("höchstens dein Umkreis aus dem Profil")


def build_query(filterset: SearchFilter, *, student: scoring.StudentFacts | None = None) -> SearchQuery:
    """A SearchQuery from validated filters; raises ValidationError({field: German message})."""
    if not filterset.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in filterset.form.errors.items()})
    data = filterset.form.cleaned_data
    errors: dict[str, list[StrOrPromise]] = {}
    near = None
    plz = (data.get("plz") or "").strip()
    if plz and not student:
        pc = postal_code_find(plz)
        if pc is None:
            errors["plz"] = [UNKNOWN_POSTAL_CODE]
        else:
            near = GeoPoint(pc.latitude, pc.longitude, pc.code)
    radius = data.get("radius")
    if radius and not near and not student and "plz" not in errors:
        errors["radius"] = [_("Gib eine Postleitzahl an, um im Umkreis zu suchen.")]
    if near and not radius:
        radius = scoring.config()["DEFAULT_RADIUS_KM"]
    if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
        errors["date_to"] = [_("Das Enddatum liegt vor dem Anfangsdatum. Wähle ein späteres Datum.")]
    if errors:
        raise ValidationError(errors)
    page = int(data.get("page") or 1)
    return SearchQuery(
        text=(data.get("q") or "").strip(),
        kinds=tuple(data.get("kind") or ()),
        berufsfelder=tuple(b.id for b in (data.get("berufsfeld") or ())),
        occupation=data["occupation"].id if data.get("occupation") else None,
        district=data["district"].id if data.get("district") else None,
        near=near,
        radius_km=float(radius) if radius else None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        qualification=int(data["qualification"]) if data.get("qualification") not in (None, "") else None,
        accessible=bool(data.get("accessible")),
        student=student,
        sort=data.get("sort") or "match",
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
