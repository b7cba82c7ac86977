"""Page forms. They only parse input; the services decide. Service errors are put back on the fields
(backend.forms.add_service_errors) so the page shows them inline, linked with aria-describedby (Django 5.2 does that)."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.forms import SignUpForm
from backend.accounts.models import Role
from backend.reference.models import Berufsfeld, Occupation

from .models import Company, ContactPerson, MemberRole, Placement, PlacementKind, SizeBand
from .services import PLACEMENT_EDITABLE_FIELDS, company_signup, invitation_signup

MAX_ID = 2**31 - 1  # ids from a form are whole numbers in 1..MAX_ID; anything else names no row
NO_SUCH_CHOICE = _("Diese Auswahl gibt es nicht. Bitte wähle aus der Liste.")


def _check_ids(values) -> None:
    """Refuse ids no row can have before they reach the database (on SQLite a 30-digit id in an IN query
    raised OverflowError, a 500). Non-numbers are left to Django's own check."""
    for value in values:
        text = str(value).strip()
        try:
            number = int(text)
        except ValueError:
            if text.isdigit():  # more digits than Python converts: no row has such an id either
                raise ValidationError(NO_SUCH_CHOICE, code="invalid_choice") from None
            continue
        if not 1 <= number <= MAX_ID:
            raise ValidationError(NO_SUCH_CHOICE, code="invalid_choice")


def _keyed_by_integer(field: forms.ModelChoiceField) -> bool:
    assert field.queryset is not None  # our ModelChoiceFields are declared with one
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    return isinstance(key, models.IntegerField)


class IdChoiceField(forms.ModelChoiceField):
    """ModelChoiceField that refuses out-of-range ids with a German message (see _check_ids)."""

    def to_python(self, value):
        if value not in self.empty_values and _keyed_by_integer(self):
            _check_ids([value])
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField that refuses out-of-range ids with a German message (see _check_ids)."""

    def _check_values(self, value):
        if _keyed_by_integer(self):
            _check_ids(value)
        return super()._check_values(value)


def model_copy(obj):
    """ModelForms write into their instance while validating; give them a copy so the services still see
    the old values (for the audit trail)."""
    return copy.copy(obj) if obj is not None else None


class CompanySignUpForm(SignUpForm):
    """accounts' generic sign-up plus the company's name; registers both in one transaction."""

    role = Role.COMPANY
    field_order = ["company_name", "first_name", "last_name", "email", "password", "password_repeat"]

    company_name = forms.CharField(label=_("Name des Unternehmens"), max_length=120)

    def register(self, data):
        company = company_signup(**self.user_kwargs(), company_name=data["company_name"])
        self.company = company
        return company.memberships.get().user

    def user_kwargs(self) -> dict:
        kwargs = super().user_kwargs()
        kwargs.pop("role")
        return kwargs


class InvitationSignUpForm(SignUpForm):
    """An invited colleague's account: the address is the invited one and cannot be changed here."""

    role = Role.COMPANY
    field_order = ["first_name", "last_name", "email", "password", "password_repeat"]

    def __init__(self, *args, invitation, token, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation, self.token = invitation, token
        self.fields["email"].initial = invitation.email
        self.fields["email"].disabled = True  # the posted value is ignored; the invitation decides
        self.fields["email"].help_text = _("Die Adresse, an die die Einladung ging.")

    def register(self, data):
        membership = invitation_signup(
            token=self.token,
            password=data["password"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )
        return membership.user


class CompanyCreateForm(forms.Form):
    name = forms.CharField(label=_("Name des Unternehmens"), max_length=120)


DESCRIPTION_MAX = 10000


class CompanyProfileForm(forms.ModelForm):
    berufsfelder = IdMultipleChoiceField(
        label=_("Berufsfelder"),
        queryset=Berufsfeld.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In welchen Berufsfeldern bildet ihr aus?"),
    )
    size_band = forms.ChoiceField(
        label=_("Größe"), choices=[("", _("bitte wählen"))] + SizeBand.choices, required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].max_length = DESCRIPTION_MAX
        self.fields["description"].validators.append(MaxLengthValidator(DESCRIPTION_MAX))

    class Meta:
        model = Company
        fields = [
            "name",
            "legal_name",
            "industry",
            "size_band",
            "description",
            "website",
            "berufsfelder",
            "offers_career_days",
            "offers_internships",
            "offers_apprenticeships",
            "requires_infection_briefing",
            "requires_police_certificate",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8, "maxlength": 10000})}
        help_texts = {
            "description": _(
                "Absätze mit einer Leerzeile trennen. Erlaubt sind einfache Auszeichnungen "
                "(fett, kursiv, Listen, Links)."
            )
        }


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo (JPEG, PNG oder WebP, höchstens 8 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Foto (JPEG, PNG oder WebP, höchstens 8 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(
        label=_("Bildunterschrift"),
        max_length=200,
        required=False,
        help_text=_("Beschreibt das Foto für Menschen, die es nicht sehen."),
    )


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Bezeichnung"), max_length=120, help_text=_("z. B. Hauptsitz oder Werk Hörde"))
    street = forms.CharField(
        label=_("Straße und Hausnummer"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.RegexField(
        label=_("Postleitzahl"),
        regex=r"^\s*\d{5}\s*$",
        max_length=10,
        error_messages={"invalid": _("Bitte gib eine Postleitzahl mit 5 Ziffern an.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = forms.CharField(label=_("Ort"), max_length=80, required=False)
    latitude = forms.CharField(
        label=_("Breitengrad (optional)"),
        max_length=20,
        required=False,
        help_text=_(
            "Nur wenn der genaue Punkt gezeigt werden soll, z. B. 51,5136. Sonst nehmen wir die Mitte der Postleitzahl."
        ),
    )
    longitude = forms.CharField(
        label=_("Längengrad (optional)"), max_length=20, required=False, help_text=_("z. B. 7,4653")
    )

    def clean_postal_code(self):
        return self.cleaned_data["postal_code"].strip()

    def _coord(self, name):
        value = (self.cleaned_data.get(name) or "").strip().replace(",", ".")
        if not value:
            return None
        try:
            return float(value)
        except ValueError as exc:
            raise ValidationError(_("Bitte gib eine Zahl an, z. B. 51,5136.")) from exc

    def clean_latitude(self):
        return self._coord("latitude")

    def clean_longitude(self):
        return self._coord("longitude")


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "position", "email", "phone"]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse der Kollegin / des Kollegen"), max_length=254)
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=MemberRole.choices,
        initial=MemberRole.EDITOR,
        help_text=_("Inhaber*innen verwalten auch Kolleg*innen; Redakteur*innen bearbeiten Steckbrief und Angebote."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=MemberRole.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Grund"), max_length=255, required=False)


class PlacementForm(forms.ModelForm):
    berufsfelder = IdMultipleChoiceField(
        label=_("Berufsfelder"),
        queryset=Berufsfeld.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leer lassen, wenn ein Ausbildungsberuf gewählt ist: dann nehmen wir dessen Berufsfelder."),
    )
    occupation = IdChoiceField(
        label=_("Ausbildungsberuf (optional)"),
        queryset=Occupation.objects.all(),
        required=False,
        empty_label=_("– keiner –"),
    )
    languages = forms.CharField(
        label=_("Sprachen"),
        required=False,
        max_length=60,
        initial="de",
        help_text=_("Kürzel mit Komma getrennt, z. B. de, en, tr"),
    )

    class Meta:
        model = Placement
        field_classes = {"site": IdChoiceField, "contact": IdChoiceField}
        fields = list(PLACEMENT_EDITABLE_FIELDS)
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "application_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 8, "maxlength": 10000}),
        }
        help_texts = {
            "end_date": _("Berufsfelderkundung: leer lassen (ein Tag). Ausbildung/Studium: leer lassen."),
            "seats": _("Berufsfelderkundung: höchstens 9 Plätze."),
            "min_age": _("Mindestens 13 Jahre."),
        }

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].validators.append(MaxLengthValidator(DESCRIPTION_MAX))
        self.fields["kind"].choices = [("", _("bitte wählen"))] + list(PlacementKind.choices)
        self.fields["site"].queryset = company.sites.all()
        self.fields["site"].empty_label = _("bitte wählen")
        self.fields["contact"].queryset = company.contacts.all()
        for name in ("start_date", "end_date", "application_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        if self.instance and self.instance.pk and isinstance(self.instance.languages, list):
            self.initial["languages"] = ", ".join(self.instance.languages)

    def clean_languages(self):
        return [x.strip().lower() for x in (self.cleaned_data.get("languages") or "").split(",") if x.strip()]

    def _post_clean(self):
        # The service validates the whole placement (with German reasons); skip the model's own clean here.
        pass
