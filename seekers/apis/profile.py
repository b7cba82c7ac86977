"""The student's own profile and interests, and the interest questionnaire that suggests weights."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from backend.accounts.models import Role
from backend.reference.models import School, SchoolType

from .. import services
from ..models import StudentProfile
from ..questionnaire import ITEMS, suggest_weights
from ..serializers import InterestsSerializer, ProfileSerializer, QuestionnaireSerializer, SuggestedInterestsSerializer
from .shared import QUALIFICATION_HELP, Base, _student, _valid, role


class ProfileIn(serializers.Serializer):
    first_name = serializers.CharField(max_length=80, required=False)
    last_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=5, required=False)
    grade = serializers.IntegerField(min_value=5, max_value=13, required=False)
    expected_qualification = serializers.IntegerField(
        min_value=0, max_value=5, required=False, help_text=QUALIFICATION_HELP
    )
    school_type = serializers.ChoiceField(choices=SchoolType.choices, required=False, allow_blank=True)
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all(), required=False, allow_null=True)
    travel_radius_km = serializers.IntegerField(min_value=1, max_value=100, required=False)
    accessibility_needs = serializers.CharField(max_length=255, required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=30), max_length=10, required=False)


def profile_out(s: StudentProfile) -> dict:
    return {
        "id": s.pk,
        "first_name": s.user.first_name,
        "last_name": s.user.last_name,
        "email": s.user.email,
        "birth_date": s.birth_date,
        "age": services.age_on(s.birth_date),
        "school": s.school_id,
        "school_type": s.school_type,
        "grade": s.grade,
        "expected_qualification": s.expected_qualification,
        "postal_code": s.postal_code_id,
        "travel_radius_km": s.travel_radius_km,
        "accessibility_needs": s.accessibility_needs,
        "languages": s.languages,
        "classes": [{"id": c.pk, "name": c.name, "school_year": c.school_year} for c in s.classes.all()],
    }


class InterestsIn(serializers.Serializer):
    interests = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=5),
        help_text="{Berufsfeld-ID: Gewicht 0–5}; 0 entfernt das Berufsfeld",
    )


QuestionnaireIn = type(
    "QuestionnaireIn",
    (serializers.Serializer,),
    {
        item.key: serializers.IntegerField(
            min_value=1,
            max_value=5,
            help_text=item.text,
            error_messages={
                k: _("Bitte antworte mit einer Zahl von 1 bis 5.")
                for k in ("required", "invalid", "min_value", "max_value", "null")
            },
        )
        for item in ITEMS
    },
)


class ProfileApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_profile_get", request=None, responses={200: ProfileSerializer})
    def get(self, request):
        return Response(profile_out(_student(request)))

    @extend_schema(operation_id="seekers_profile_update", request=ProfileIn, responses={200: ProfileSerializer})
    def patch(self, request):
        student = _student(request)
        if isinstance(request.data, dict) and "birth_date" in request.data:
            raise serializers.ValidationError({"birth_date": [services.BIRTH_DATE_FIXED]})
        d = dict(_valid(ProfileIn, request.data, partial=True))
        services.student_profile_update(student=student, **d)
        student.refresh_from_db()
        return Response(profile_out(student))


class InterestsApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_interests_get", request=None, responses={200: InterestsSerializer})
    def get(self, request):
        student = _student(request)
        return Response({"interests": {str(i.berufsfeld_id): i.weight for i in student.interests.all()}})

    @extend_schema(operation_id="seekers_interests_set", request=InterestsIn, responses={200: InterestsSerializer})
    def put(self, request):
        weights = _valid(InterestsIn, request.data)["interests"]
        student = _student(request)
        services.student_interests_set(student=student, weights=weights)
        return Response({"interests": {str(i.berufsfeld_id): i.weight for i in student.interests.all()}})


class QuestionnaireApi(Base):
    @extend_schema(operation_id="seekers_questionnaire_items", request=None, responses={200: QuestionnaireSerializer})
    def get(self, request):
        return Response(
            {
                "items": [{"key": i.key, "text": i.text} for i in ITEMS],
                "scale": {"1": "stimmt gar nicht", "5": "stimmt genau"},
            }
        )

    @extend_schema(
        operation_id="seekers_questionnaire_suggest",
        request=QuestionnaireIn,
        responses={200: SuggestedInterestsSerializer},
    )
    def post(self, request):
        answers = _valid(QuestionnaireIn, request.data)
        return Response({"suggested_interests": {str(k): v for k, v in suggest_weights(answers).items()}})
