"""Sign-up of students, teachers and parents (anonymous, throttled); the new account is signed in."""

from django.contrib.auth import login
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.throttling import AuthThrottledMixin
from backend.reference.models import Qualification, School, SchoolType

from .. import selectors, services
from ..serializers import ParentSignupOutSerializer, ProfileSerializer, TeacherSignupOutSerializer
from .profile import profile_out
from .shared import QUALIFICATION_HELP, _valid


class SignupIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True)
    first_name = serializers.CharField(max_length=80)
    last_name = serializers.CharField(max_length=80)


class StudentSignupIn(SignupIn):
    birth_date = serializers.DateField()
    postal_code = serializers.CharField(max_length=5)
    grade = serializers.IntegerField(min_value=5, max_value=13)
    expected_qualification = serializers.IntegerField(
        min_value=0, max_value=5, default=Qualification.ESA, help_text=QUALIFICATION_HELP
    )
    school_type = serializers.ChoiceField(choices=SchoolType.choices, required=False, default="")
    school = serializers.PrimaryKeyRelatedField(
        queryset=School.objects.all(), required=False, allow_null=True, default=None
    )
    join_code = serializers.CharField(max_length=12, required=False, default="", allow_blank=True)
    travel_radius_km = serializers.IntegerField(min_value=1, max_value=100, default=15)
    accessibility_needs = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=30), max_length=10, default=list)


class TeacherSignupIn(SignupIn):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())


class ParentSignupIn(SignupIn):
    link_code = serializers.CharField(max_length=12, required=False, default="", allow_blank=True)


class SignupStudentApi(AuthThrottledMixin, APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(operation_id="seekers_signup_student", request=StudentSignupIn, responses={201: ProfileSerializer})
    def post(self, request):
        d = _valid(StudentSignupIn, request.data)
        student = services.student_register(**d)
        login(request, student.user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(profile_out(student), status=status.HTTP_201_CREATED)


class SignupTeacherApi(AuthThrottledMixin, APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="seekers_signup_teacher", request=TeacherSignupIn, responses={201: TeacherSignupOutSerializer}
    )
    def post(self, request):
        d = _valid(TeacherSignupIn, request.data)
        teacher = services.teacher_register(**d)
        login(request, teacher.user, backend="django.contrib.auth.backends.ModelBackend")
        return Response({"id": teacher.user_id, "school": teacher.school_id}, status=status.HTTP_201_CREATED)


class SignupParentApi(AuthThrottledMixin, APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="seekers_signup_parent", request=ParentSignupIn, responses={201: ParentSignupOutSerializer}
    )
    def post(self, request):
        d = _valid(ParentSignupIn, request.data)
        user = services.parent_register(**d)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(
            {"id": user.pk, "students": [s.pk for s in selectors.students_for_parent(parent=user)]},
            status=status.HTTP_201_CREATED,
        )
