"""City staff (role "staff"): moderation and monitoring with exactly the rights they need, not superusers.

The staff pages (verification queue, hiding content, audit trail) check the role (companies/permissions.py).
In the Django admin they act through one group, CITY_STAFF_GROUP, whose permissions are the list below: view
companies, placements and the audit trail, the reference data and the background queues; change only the
moderation fields of companies (verify, hide) and placements (hide), audited like the pages. Nothing about
students: the admin has no student models, its account list hides students and parents from them
(backend/accounts/admin.py), and stored emails (with codes and links) are not theirs to read.

The group is kept in step with this list after every `migrate` (post_migrate, apps.py)."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role, User

CITY_STAFF_GROUP = "Stadt Dortmund: Moderation und Monitoring"
CITY_STAFF_PERMISSIONS = {
    "companies": [
        "view_company",
        "change_company",  # only verify/hide (companies/admin.py CityStaffModerationMixin), audited
        "view_placement",
        "change_placement",  # only hide
        "view_site",
        "view_companyphoto",
        "view_contactperson",
        "view_membership",
        "view_invitation",
        "view_auditentry",
    ],
    "reference": ["view_berufsfeld", "view_occupation", "view_district", "view_postalcode", "view_school"],
    "matching": ["view_indexoutbox", "view_indexcheck"],  # the search index: pending changes, drift checks
    "jobs": ["view_periodicschedule"],
    "accounts": ["view_user"],  # company, teacher and staff accounts only (UserAdmin.get_queryset)
}


def city_staff_group_sync() -> Group:
    """Create the group or set its permissions to exactly CITY_STAFF_PERMISSIONS (idempotent)."""
    group, _created = Group.objects.get_or_create(name=CITY_STAFF_GROUP)
    wanted = Permission.objects.none()
    for app_label, codenames in CITY_STAFF_PERMISSIONS.items():
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.set(wanted)
    return group


@transaction.atomic
def city_staff_grant(*, user: User) -> User:
    """Make an account a city staff account: admin access through the group, never a superuser."""
    user.role = Role.STAFF
    user.is_staff = True
    user.is_superuser = False
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    user.groups.add(city_staff_group_sync())
    return user


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: make sure the permissions exist (Django makes them per app, maybe after ours), then the group."""
    for app_label in CITY_STAFF_PERMISSIONS:
        try:
            create_permissions(apps.get_app_config(app_label), verbosity=0, using=using)
        except LookupError:  # an app not installed here
            continue
    city_staff_group_sync()
