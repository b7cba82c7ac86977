"""The error format as serializers, so the OpenAPI schema documents it (component "ErrorResponse")."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. invalid, not_found, permission_denied")
    message = serializers.CharField(help_text="What happened and what to do, in German")
    # The metaclass pops declared fields from the class body, so Serializer.fields (a property) stays intact.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Messages per input field ("non_field_errors" for the whole input); empty when none',
    )


class ErrorResponseSerializer(serializers.Serializer):
    error = ErrorSerializer()
