"""Factories shared by every test module. Add new ones at the end of the section of their app."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from backend.accounts.models import Role, User
from backend.reference.models import Berufsfeld, PostalCode, Qualification, School
from companies.models import Company, MemberRole, Membership, Placement, PlacementKind, PlacementStatus, Site
from seekers.models import (
    Application,
    Favourite,
    Interest,
    ParentLink,
    SchoolClass,
    StudentProfile,
    TeacherProfile,
)

factory.Faker._DEFAULT_LOCALE = "de_DE"
# Each factory names its model as the type parameter, so `XFactory.create(...)` is typed as that model (calling
# the class, `XFactory(...)`, does the same at runtime, but type checkers see a factory instance).


# --- accounts -------------------------------------------------------------------------------------
class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.STUDENT
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "Sicheres-Passwort-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


# --- companies ------------------------------------------------------------------------------------
class CompanyFactory(factory.django.DjangoModelFactory[Company]):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Beispiel Betrieb {n} GmbH")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    is_verified = True


class CompanyMemberFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory, role=Role.COMPANY)
    role = MemberRole.OWNER


class SiteFactory(factory.django.DjangoModelFactory[Site]):
    class Meta:
        model = Site

    company = factory.SubFactory(CompanyFactory)
    name = "Hauptsitz"
    street = factory.Faker("street_address")
    postal_code = factory.LazyFunction(lambda: PostalCode.objects.get(code="44137"))
    latitude = factory.LazyAttribute(lambda o: o.postal_code.latitude)
    longitude = factory.LazyAttribute(lambda o: o.postal_code.longitude)
    district = factory.LazyAttribute(lambda o: o.postal_code.district)


class PlacementFactory(factory.django.DjangoModelFactory[Placement]):
    class Meta:
        model = Placement
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    site = factory.SubFactory(SiteFactory, company=factory.SelfAttribute("..company"))
    kind = PlacementKind.HOLIDAY_INTERNSHIP
    title = factory.Sequence(lambda n: f"Praktikum {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=13))
    seats = 2
    required_qualification = Qualification.NONE
    status = PlacementStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def berufsfelder(obj, create, extracted, **kwargs):
        if create:
            obj.berufsfelder.set(extracted if extracted is not None else [Berufsfeld.objects.get(code="ITC")])


# --- seekers --------------------------------------------------------------------------------------
def _school():
    return School.objects.order_by("number").first()


class TeacherProfileFactory(factory.django.DjangoModelFactory[TeacherProfile]):
    class Meta:
        model = TeacherProfile

    user = factory.SubFactory(UserFactory, role=Role.TEACHER)
    school = factory.LazyFunction(_school)


class SchoolClassFactory(factory.django.DjangoModelFactory[SchoolClass]):
    class Meta:
        model = SchoolClass
        skip_postgeneration_save = True

    school = factory.LazyFunction(_school)
    name = factory.Sequence(lambda n: f"9{chr(97 + n % 6)}")
    school_year = "2026/27"
    grade = 9
    join_code = factory.Sequence(lambda n: f"KLASSE{n:05d}")


class StudentProfileFactory(factory.django.DjangoModelFactory[StudentProfile]):
    class Meta:
        model = StudentProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=Role.STUDENT)
    birth_date = factory.LazyFunction(lambda: timezone.localdate().replace(year=timezone.localdate().year - 15))
    grade = 9
    expected_qualification = Qualification.MSA
    postal_code = factory.LazyFunction(lambda: PostalCode.objects.get(code="44137"))
    travel_radius_km = 20

    @factory.post_generation
    def interests(obj, create, extracted, **kwargs):
        """interests={"ITC": 5, "EL": 3}"""
        if create and extracted:
            for code, weight in extracted.items():
                Interest.objects.create(student=obj, berufsfeld=Berufsfeld.objects.get(code=code), weight=weight)


class ParentLinkFactory(factory.django.DjangoModelFactory[ParentLink]):
    class Meta:
        model = "seekers.ParentLink"

    parent = factory.SubFactory(UserFactory, role=Role.PARENT)
    student = factory.SubFactory(StudentProfileFactory)


class FavouriteFactory(factory.django.DjangoModelFactory[Favourite]):
    class Meta:
        model = "seekers.Favourite"

    student = factory.SubFactory(StudentProfileFactory)
    placement = factory.SubFactory(PlacementFactory)


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    """A released application (the company sees it); pass status/consent for other states."""

    class Meta:
        model = "seekers.Application"

    student = factory.SubFactory(StudentProfileFactory)
    placement = factory.SubFactory(PlacementFactory)
    message = "Ich interessiere mich sehr für diesen Platz."
    status = "submitted"
