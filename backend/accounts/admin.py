from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from .models import Role, User
from .services import DUPLICATE_EMAIL, email_normalize, login_authenticate


class LimitedAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login under the same guessing limits as the login page and the token API (shared counts)."""

    def clean(self):
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if email is not None and password:
            self.user_cache = login_authenticate(request=self.request, email=email, password=password)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


admin.site.login_form = LimitedAdminAuthenticationForm


class EmailNormalizingMixin:
    """Logins compare lower-case emails, so admins must not create "Amt@..." next to "amt@..."."""

    def clean_email(self):
        email = email_normalize(self.cleaned_data.get("email"))
        others = User.objects.filter(email__iexact=email).exclude(pk=getattr(self.instance, "pk", None))
        if others.exists():
            raise forms.ValidationError(DUPLICATE_EMAIL)
        return email


class UserCreationForm(EmailNormalizingMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "role")


class UserEditForm(EmailNormalizingMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Email-based: there is no username. City staff accounts (role "staff") are created here."""

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_email_verified", "is_active", "date_joined"]
    list_filter = ["role", "is_active", "is_staff", ("email_verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "role", "email_verified_at"]}),
        ("Rechte", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Daten", {"fields": ["date_joined", "last_login"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]}),
    ]

    # City staff (not superusers) see company, teacher and staff accounts only: no student data, and no parents
    # (who would name their children). backend/accounts/staff.py gives them view rights and no more.
    VISIBLE_TO_CITY_STAFF = (Role.COMPANY, Role.TEACHER, Role.STAFF)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(role__in=self.VISIBLE_TO_CITY_STAFF)

    @admin.display(boolean=True, description="E-Mail bestätigt")
    def is_email_verified(self, obj):
        return obj.is_email_verified
