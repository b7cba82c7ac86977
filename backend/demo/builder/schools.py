"""Step 3: real Dortmund schools with a teacher each and the demo classes (internship periods, join codes)."""

from __future__ import annotations

from backend.accounts.models import Role, User
from backend.reference.models import School, SchoolType
from seekers.models import SchoolClass, TeacherProfile

from .. import calendar as cal
from ..catalogue import ADULT_FIRST_NAMES, SURNAMES
from .base import BuilderBase
from .constants import DEMO_TLD, LOGINS, SCHOOL_FORM_NAMES, SCHOOLS


class SchoolsStep(BuilderBase):
    """Teachers and classes."""

    def build_schools(self) -> None:
        rng = self.rng
        self.classes: list[tuple[SchoolClass, dict]] = []
        teachers, profiles = [], []
        existing_codes = set(SchoolClass.objects.values_list("join_code", flat=True))
        year = cal.school_year(self.anchor)
        for number, school_type, class_specs in SCHOOLS:
            school = (
                School.objects.filter(number=number).first()
                or School.objects.filter(school_form=SCHOOL_FORM_NAMES[school_type]).order_by("number").first()
            )
            if school is None:
                continue
            if school_type == SchoolType.GESAMTSCHULE:
                teacher = self.user(
                    email=LOGINS[Role.TEACHER].email, first="Andrea", last="Hollerbeck", role=Role.TEACHER
                )
            else:
                first, last = rng.choice(ADULT_FIRST_NAMES), rng.choice(SURNAMES)
                teacher = self.user(
                    email=self.email(f"{first}.{last}", f"schule.demo{DEMO_TLD}"),
                    first=first,
                    last=last,
                    role=Role.TEACHER,
                )
            teachers.append(teacher)
            profiles.append(TeacherProfile(user=teacher, school=school))
            for name, grade, period, size, ages in class_specs:
                code = None
                while code is None or code in existing_codes:
                    code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
                existing_codes.add(code)
                start, end = self.periods[period] if period is not None else (None, None)
                school_class = SchoolClass(
                    school=school,
                    name=name,
                    school_year=year,
                    grade=grade,
                    internship_start=start,
                    internship_end=end,
                    join_code=code,
                )
                self.classes.append(
                    (
                        school_class,
                        {"teacher": teacher, "school_type": school_type, "period": period, "size": size, "ages": ages},
                    )
                )
        User.objects.bulk_create(teachers)
        TeacherProfile.objects.bulk_create(profiles)
        SchoolClass.objects.bulk_create([c for c, _ in self.classes])
        through = SchoolClass.teachers.through
        through.objects.bulk_create(
            [through(schoolclass_id=c.pk, user_id=meta["teacher"].pk) for c, meta in self.classes]
        )
        self.demo_teacher = teachers[0]
