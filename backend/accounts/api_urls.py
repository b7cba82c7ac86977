from django.urls import path

from . import apis

app_name = "accounts-api"
urlpatterns = [
    path("token/", apis.TokenApi.as_view(), name="token"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("signup/", apis.SignUpApi.as_view(), name="signup"),
    path("verify-email/", apis.VerifyEmailApi.as_view(), name="verify_email"),
    path("verify-email/resend/", apis.VerifyEmailResendApi.as_view(), name="verify_email_resend"),
    path("password-reset/", apis.PasswordResetApi.as_view(), name="password_reset"),
    path("password-reset/confirm/", apis.PasswordResetConfirmApi.as_view(), name="password_reset_confirm"),
]
