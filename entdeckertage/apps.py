from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntdeckertageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "entdeckertage"
    verbose_name = _("Entdeckertage")
