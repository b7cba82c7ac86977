"""What every app's page forms share. Forms only parse input; the services decide. A service's ValidationError is
put back on the form's fields, so the page shows it inline next to the field (linked with aria-describedby)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError({field: message}) on the form's fields; messages for fields the form does not
    show (and field-less messages) go on the form itself."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
