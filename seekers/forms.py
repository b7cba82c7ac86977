"""Page forms: they check types and shapes; the rules live in services (which raise German messages)."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from backend.accounts.forms import SignUpForm
from backend.accounts.models import Role
from backend.reference.models import Berufsfeld, Qualification, School, SchoolType

from . import services
from .questionnaire import ITEMS
from .services import DECLINE_REASONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def school_choices():
    return [("", _("– bitte wählen –"))] + [
        (s.pk, f"{s.name} ({s.school_form})") for s in School.objects.only("pk", "name", "school_form")
    ]


class ProfileFields(forms.Form):
    birth_date = forms.DateField(label=_("Geburtsdatum"), widget=DATE)
    school = forms.TypedChoiceField(label=_("Schule"), required=False, coerce=int, empty_value=None)
    school_type = forms.ChoiceField(
        label=_("Schulform"), required=False, choices=[("", _("– bitte wählen –"))] + list(SchoolType.choices)
    )
    grade = forms.IntegerField(label=_("Klasse"), min_value=5, max_value=13)
    expected_qualification = forms.TypedChoiceField(
        label=_("Angestrebter Abschluss"), coerce=int, choices=Qualification.choices, initial=Qualification.ESA
    )
    postal_code = forms.CharField(
        label=_("Postleitzahl deines Wohnorts"),
        max_length=5,
        min_length=5,
        help_text=_("Nur die Postleitzahl, keine Straße."),
    )
    travel_radius_km = forms.IntegerField(
        label=_("Wie weit darf der Platz entfernt sein? (km)"), min_value=1, max_value=100, initial=15
    )
    accessibility_needs = forms.CharField(label=_("Unterstützungsbedarf (freiwillig)"), required=False, max_length=255)
    languages = forms.CharField(label=_("Sprachen (durch Komma getrennt, freiwillig)"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = school_choices()
        self.fields["postal_code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})
        if "birth_date" in self.fields:
            self.fields["birth_date"].widget.attrs["autocomplete"] = "bday"

    def clean_languages(self):
        return [x.strip() for x in self.cleaned_data["languages"].split(",") if x.strip()]


class StudentSignupForm(SignUpForm, ProfileFields):
    role = Role.STUDENT
    join_code = forms.CharField(
        label=_("Klassencode (von deiner Lehrkraft, freiwillig)"), required=False, max_length=12
    )
    field_order = [
        "first_name",
        "last_name",
        "email",
        "password",
        "password_repeat",
        "birth_date",
        "join_code",
        "school",
        "school_type",
        "grade",
        "expected_qualification",
        "postal_code",
        "travel_radius_km",
        "accessibility_needs",
        "languages",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True

    def register(self, data):
        return services.student_register(
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
            postal_code=data["postal_code"],
            grade=data["grade"],
            expected_qualification=data["expected_qualification"],
            school_type=data["school_type"],
            school=data["school"],
            join_code=data["join_code"],
            travel_radius_km=data["travel_radius_km"],
            accessibility_needs=data["accessibility_needs"],
            languages=data["languages"],
        ).user


class TeacherSignupForm(SignUpForm):
    role = Role.TEACHER
    school = forms.TypedChoiceField(label=_("Schule"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = school_choices()

    def register(self, data):
        school = School.objects.filter(pk=data["school"]).first()
        return services.teacher_register(
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            school=school,
        ).user


class ParentSignupForm(SignUpForm):
    role = Role.PARENT
    link_code = forms.CharField(label=_("Verknüpfungscode von Ihrem Kind (freiwillig)"), required=False, max_length=12)

    def register(self, data):
        return services.parent_register(
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            link_code=data["link_code"],
        )


class ProfileForm(ProfileFields):
    """The birth date is not here: it is set once at registration (see services.student_profile_update)."""

    birth_date = None  # type: ignore[assignment]  # Django's documented way to drop an inherited form field
    first_name = forms.CharField(label=_("Vorname"), max_length=80)
    last_name = forms.CharField(
        label=_("Nachname"),
        max_length=80,
        required=False,
        help_text=_("Sehen nur Unternehmen, bei denen du dich bewirbst."),
    )
    field_order = ["first_name", "last_name"]


class InterestForm(forms.Form):
    """One select (0–5) per Berufsfeld."""

    def __init__(self, *args, initial_weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_weights = initial_weights or {}
        choices = [(0, _("kein Interesse"))] + [(i, str(i)) for i in range(1, 6)]
        for bf in Berufsfeld.objects.all():
            self.fields[f"bf_{bf.pk}"] = forms.TypedChoiceField(
                label=str(bf),  # the field name in the reader's language
                choices=choices,
                coerce=int,
                required=False,
                empty_value=0,
                initial=initial_weights.get(bf.pk, 0),
            )

    def weights(self) -> dict:
        return {int(k[3:]): v for k, v in self.cleaned_data.items()}


class QuestionnaireForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = [
            (1, _("stimmt gar nicht")),
            (2, _("stimmt eher nicht")),
            (3, _("teils, teils")),
            (4, _("stimmt eher")),
            (5, _("stimmt genau")),
        ]
        for item in ITEMS:
            self.fields[item.key] = forms.TypedChoiceField(
                label=item.text, choices=scale, coerce=int, widget=forms.RadioSelect, initial=3
            )

    def answers(self) -> dict:
        return dict(self.cleaned_data)


class JoinClassForm(forms.Form):
    join_code = forms.CharField(label=_("Klassencode"), max_length=12)


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("Deine Nachricht an das Unternehmen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
        help_text=_("Warum interessiert dich dieser Platz? Höchstens 4000 Zeichen."),
    )
    cv = forms.FileField(
        label=_("Lebenslauf als PDF (freiwillig, höchstens 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Notiz (nur für dich)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


# The limits of these texts are checked by their services (a clear error that keeps the text), not by a maxlength
# attribute: browsers cut pasted text at maxlength without a word.
class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Nachricht"), help_text=_("Höchstens 4000 Zeichen."), widget=forms.Textarea(attrs={"rows": 3})
    )


class InviteForm(forms.Form):
    note = forms.CharField(
        label=_("Einladung (Ort, Datum, Uhrzeit)"),
        required=False,
        help_text=_("Höchstens 4000 Zeichen."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Begründung"), choices=list(DECLINE_REASONS.items()))
    text = forms.CharField(
        label=_("Eigene Begründung (freiwillig)"), required=False, help_text=_("Höchstens 255 Zeichen.")
    )


class SchoolClassForm(forms.Form):
    name = forms.CharField(label=_("Klasse"), max_length=40, help_text=_("z. B. 9b"))
    school_year = forms.CharField(label=_("Schuljahr"), max_length=9, help_text=_("z. B. 2026/27"))
    grade = forms.IntegerField(label=_("Jahrgangsstufe"), min_value=5, max_value=13)
    internship_start = forms.DateField(label=_("Praktikum von"), required=False, widget=DATE)
    internship_end = forms.DateField(label=_("Praktikum bis"), required=False, widget=DATE)


def placement_label(p) -> str:
    dates = date_format(p.start_date, "j.n.Y") if p.start_date else ""
    if p.end_date and p.end_date != p.start_date:
        dates += " – " + date_format(p.end_date, "j.n.Y")
    return f"{p.title} – {p.company.name} ({p.get_kind_display()}, {dates})"


class RecommendForm(forms.Form):
    """The placement is picked from a list (search by title, company or Berufsfeld above it), never typed as a
    number: radio buttons work without JavaScript and with a screen reader."""

    placement = forms.TypedChoiceField(
        label=_("Platz"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wähle einen Platz aus der Liste. Suche oben nach Titel, Unternehmen oder Berufsfeld."),
            "invalid_choice": _("Diesen Platz gibt es nicht mehr. Bitte wähle einen aus der Liste."),
        },
    )
    student = forms.TypedChoiceField(label=_("Für wen?"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(
        label=_("Hinweis (freiwillig)"),
        required=False,
        help_text=_("Höchstens 500 Zeichen."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, students=(), placements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].choices = [(p.pk, placement_label(p)) for p in placements]
        self.fields["student"].choices = [("", _("die ganze Klasse"))] + [
            (s.pk, s.user.get_full_name() if hasattr(s.user, "get_full_name") else s.user.display_name)
            for s in students
        ]


class LinkCodeForm(forms.Form):
    code = forms.CharField(label=_("Verknüpfungscode"), max_length=12)


class ParentFeedbackForm(forms.Form):
    liked = forms.BooleanField(label=_("Gefällt mir"), required=False)
    comment = forms.CharField(
        label=_("Kommentar"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Dein Passwort zur Bestätigung"), widget=forms.PasswordInput, max_length=128)
