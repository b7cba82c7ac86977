"""Response shapes of the Entdeckertage API views that build plain dicts, for the OpenAPI schema only."""

from rest_framework import serializers


class _ClassCoverage(serializers.Serializer):
    class_id = serializers.IntegerField()
    class_name = serializers.CharField()
    school = serializers.CharField()
    days_0 = serializers.IntegerField()
    days_1 = serializers.IntegerField()
    days_2 = serializers.IntegerField()
    days_3 = serializers.IntegerField()


class _FieldCoverage(serializers.Serializer):
    berufsfeld = serializers.CharField()
    code = serializers.CharField()
    seats = serializers.IntegerField()
    wishes = serializers.IntegerField()


class _DistrictCoverage(serializers.Serializer):
    district = serializers.CharField()
    seats = serializers.IntegerField()
    wishes = serializers.IntegerField()


class CoverageOut(serializers.Serializer):
    pupils = serializers.IntegerField()
    days = serializers.DictField(child=serializers.IntegerField(), help_text="{Tage: Schüler*innen}")
    classes = _ClassCoverage(many=True)
    # The metaclass pops declared fields from the class body, so Serializer.fields (a property) stays intact.
    fields = _FieldCoverage(many=True)  # type: ignore[assignment]
    districts = _DistrictCoverage(many=True)


class _Day(serializers.Serializer):
    date = serializers.DateField()
    berufsfeld = serializers.CharField()
    company = serializers.CharField()
    attendance = serializers.CharField(allow_null=True, allow_blank=True)


class _PupilRow(serializers.Serializer):
    student = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    wishes = serializers.JSONField()
    days = _Day(many=True)


class ClassOverviewOut(serializers.Serializer):
    block = serializers.JSONField(allow_null=True, help_text="der Block der Klasse (id, name, dates) oder null")
    pupils = _PupilRow(many=True)


class MoveOut(serializers.Serializer):
    id = serializers.IntegerField()
    from_offer = serializers.IntegerField(allow_null=True)
    to_offer = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()


class RemindOut(serializers.Serializer):
    reminded = serializers.IntegerField(help_text="erinnerte Schüler*innen")
