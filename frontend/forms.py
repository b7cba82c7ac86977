from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityFeedback


class AccessibilityFeedbackForm(forms.ModelForm):
    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "page_url", "name", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "message": _(
                "Beschreib kurz, was nicht geklappt hat und womit du die Seite benutzt (z. B. Handy, Screenreader)."
            ),
            "page_url": _("Die Adresse oder der Name der Seite, wenn du sie weißt."),
            "name": _("Freiwillig."),
            "email": _("Freiwillig. Nur wenn du eine Antwort möchtest."),
        }
        error_messages = {
            "message": {"required": _("Bitte beschreib die Barriere in ein paar Worten.")},
            "email": {
                "invalid": _(
                    "Bitte gib eine gültige E-Mail-Adresse ein, z. B. name@example.org, oder lass das Feld leer."
                )
            },
        }
