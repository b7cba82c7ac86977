"""Response shapes of the seekers API for the OpenAPI schema. The views build the dicts (apis.*_out), these
serializers only document them, so the docs say exactly what a client gets."""

from rest_framework import serializers


class PlacementBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    company = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class ClassBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school_year = serializers.CharField()


class ProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField(allow_blank=True)
    email = serializers.EmailField()
    birth_date = serializers.DateField()
    age = serializers.IntegerField()
    school = serializers.IntegerField(allow_null=True)
    school_type = serializers.CharField(allow_blank=True)
    grade = serializers.IntegerField()
    expected_qualification = serializers.IntegerField()
    postal_code = serializers.CharField(allow_null=True)
    travel_radius_km = serializers.IntegerField()
    accessibility_needs = serializers.CharField(allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField())
    classes = ClassBriefSerializer(many=True)


class FavouriteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    placement = PlacementBriefSerializer()
    liked_by_parent = serializers.BooleanField(allow_null=True)
    parent_comment = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True, required=False, help_text="nur für die Schülerin / den Schüler")


class ApplicantSerializer(serializers.Serializer):
    first_name = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField(allow_blank=True)
    age = serializers.IntegerField()
    grade = serializers.IntegerField()
    school_type = serializers.CharField(allow_blank=True)


class ApplicationEventSerializer(serializers.Serializer):
    status = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class ApplicationMessageSerializer(serializers.Serializer):
    from_student = serializers.BooleanField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    placement = PlacementBriefSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    school_approval = serializers.CharField(allow_blank=True, allow_null=True)
    decline_reason = serializers.CharField(allow_blank=True, allow_null=True)
    message = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    cv_url = serializers.CharField(allow_null=True)
    applicant = ApplicantSerializer()
    events = ApplicationEventSerializer(many=True)
    messages = ApplicationMessageSerializer(
        many=True, required=False, help_text="nur für die Schülerin / den Schüler und das Unternehmen"
    )
    consent = serializers.CharField(
        allow_blank=True, allow_null=True, required=False, help_text="nicht für das Unternehmen"
    )


class SchoolClassSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school_year = serializers.CharField()
    grade = serializers.IntegerField()
    internship_start = serializers.DateField(allow_null=True)
    internship_end = serializers.DateField(allow_null=True)
    join_code = serializers.CharField()
    join_qr_svg = serializers.CharField()


class ClassStudentRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField(allow_blank=True)
    shortlist = serializers.JSONField()
    applications = serializers.IntegerField()
    state = serializers.CharField()
    pending_approvals = serializers.ListField(child=serializers.IntegerField())


class ClassOverviewSerializer(SchoolClassSerializer):
    students = ClassStudentRowSerializer(many=True)


class LinkedStudentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField(allow_blank=True)


class LinkedParentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    linked_at = serializers.DateTimeField()


class StudentOverviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField(allow_blank=True)
    grade = serializers.IntegerField()
    favourites = FavouriteSerializer(many=True)
    applications = ApplicationSerializer(many=True)


class InterestsSerializer(serializers.Serializer):
    interests = serializers.DictField(child=serializers.IntegerField(), help_text="{Berufsfeld-ID: Gewicht 1–5}")


class QuestionnaireItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()


class QuestionnaireSerializer(serializers.Serializer):
    items = QuestionnaireItemSerializer(many=True)
    scale = serializers.DictField(child=serializers.CharField())


class SuggestedInterestsSerializer(serializers.Serializer):
    suggested_interests = serializers.DictField(child=serializers.IntegerField())


class ParentCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TeacherSignupOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    school = serializers.IntegerField()


class ParentSignupOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    students = serializers.ListField(child=serializers.IntegerField())


class RecommendationOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    placement = serializers.IntegerField()
    student = serializers.IntegerField(allow_null=True)
    school_class = serializers.IntegerField()


class ExportSerializer(serializers.Serializer):
    """The DSGVO export: everything stored about the student, German keys (more sections may follow)."""

    konto = serializers.DictField()
    profil = serializers.DictField()
    interessen = serializers.ListField(child=serializers.DictField())
    klassen = serializers.ListField(child=serializers.CharField())
    eltern = serializers.ListField(child=serializers.JSONField())
    merkliste = serializers.ListField(child=serializers.DictField())
    bewerbungen = serializers.ListField(child=serializers.DictField())
