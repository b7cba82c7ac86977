from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "backend.accounts"
    label = "accounts"
    verbose_name = "Konten"

    def ready(self):
        from .staff import sync_after_migrate  # noqa: PLC0415 (models load after the app registry)

        # the city staff group's permissions follow backend/accounts/staff.py after every migrate
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="accounts.city_staff_group")
