"""Step 4: students in the classes with profiles and interests, and their parents (the demo student's parent
is linked)."""

from __future__ import annotations

import datetime

from backend.accounts.models import Role, User
from backend.reference.models import PostalCode, Qualification
from seekers.models import ClassMembership, Interest, ParentLink, StudentProfile

from ..catalogue import ADULT_FIRST_NAMES, FIRST_NAMES_F, FIRST_NAMES_M, SURNAMES
from .base import BuilderBase
from .constants import DEMO_TLD, EXPECTED_QUALIFICATIONS, LOGINS


class StudentsStep(BuilderBase):
    """Students, interests, parents."""

    def build_students(self) -> None:
        rng = self.rng
        self.students: list[StudentProfile] = []
        self.student_meta: dict[int, dict] = {}  # list index -> meta
        users, parents = [], []
        codes = list(self.berufsfelder)
        for school_class, cmeta in self.classes:
            school = school_class.school
            district_id = school.postal_code.district_id if school.postal_code else None
            near = self.postal_codes.get(district_id, []) if district_id is not None else []
            for n in range(cmeta["size"]):
                is_demo = school_class.name == "9a" and n == 0
                female = rng.random() < 0.5
                first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
                last = rng.choice(SURNAMES)
                age = school_class.grade + 5 + rng.choice(cmeta["ages"])
                if is_demo:
                    first, last, age = "Lena", "Musterkamp", 14
                elif school_class.name == "8b" and n == 0:  # her brother: the demo parent sees two children
                    first, last = "Ben", "Musterkamp"
                # Birthday 1–330 days before the anchor: the age stays the same all month long.
                birth = self.anchor.replace(year=self.anchor.year - age) - datetime.timedelta(days=rng.randint(1, 330))
                email = (
                    LOGINS[Role.STUDENT].email if is_demo else self.email(f"{first}.{last}", f"schueler.demo{DEMO_TLD}")
                )
                user = self.user(email=email, first=first, last=last, role=Role.STUDENT)
                users.append(user)
                pc = rng.choice(near) if near and rng.random() < 0.6 else rng.choice(self.all_postal_codes)
                qualification = rng.choice(EXPECTED_QUALIFICATIONS[cmeta["school_type"]])
                student = StudentProfile(
                    user=user,
                    birth_date=birth,
                    school=school,
                    school_type=cmeta["school_type"],
                    grade=school_class.grade,
                    expected_qualification=qualification,
                    postal_code=pc,
                    travel_radius_km=rng.choice([10, 15, 15, 20, 25]),
                    languages=rng.choice([["de"], ["de", "en"], ["de", "tr"], ["de", "ar"], ["de", "pl"]]),
                )
                if is_demo:
                    student.expected_qualification = Qualification.MSA
                    student.postal_code = (
                        PostalCode.objects.get(code="44137") if PostalCode.objects.filter(code="44137").exists() else pc
                    )
                    student.languages = ["de", "en"]
                    student.travel_radius_km = 15
                if is_demo:
                    interests = {"ITC": 5, "ME": 4, "EL": 2}
                else:
                    interests = {code: rng.randint(1, 5) for code in rng.sample(codes, rng.randint(2, 4))}
                adult = age >= 18
                index = len(self.students)
                self.students.append(student)
                self.student_meta[index] = {
                    "class": school_class,
                    "period": cmeta["period"],
                    "age": age,
                    "adult": adult,
                    "interests": interests,
                    "demo": is_demo,
                    "teacher": cmeta["teacher"],
                    "parent": None,
                }
                # Parents: the demo student's parent also has the demo sibling in 8b; most other minors
                # have a linked parent too, a few have not linked one yet.
                if is_demo:
                    parent = self.user(
                        email=LOGINS[Role.PARENT].email, first="Petra", last="Musterkamp", role=Role.PARENT
                    )
                    parents.append(parent)
                    self.demo_parent = parent
                    self.student_meta[index]["parent"] = parent
                elif school_class.name == "8b" and n == 0:
                    self.student_meta[index]["parent"] = self.demo_parent
                elif not adult and rng.random() < 0.65:
                    p_first = rng.choice(ADULT_FIRST_NAMES)
                    parent = self.user(
                        email=self.email(f"{p_first}.{last}", f"eltern.demo{DEMO_TLD}"),
                        first=p_first,
                        last=last,
                        role=Role.PARENT,
                    )
                    parents.append(parent)
                    self.student_meta[index]["parent"] = parent
        User.objects.bulk_create(users + parents)
        for student, user in zip(self.students, users, strict=True):
            student.user = user
        StudentProfile.objects.bulk_create(self.students)
        Interest.objects.bulk_create(
            [
                Interest(student=s, berufsfeld=self.berufsfelder[code], weight=weight)
                for i, s in enumerate(self.students)
                for code, weight in self.student_meta[i]["interests"].items()
            ]
        )
        ClassMembership.objects.bulk_create(
            [
                ClassMembership(school_class=self.student_meta[i]["class"], student=s)
                for i, s in enumerate(self.students)
            ]
        )
        ParentLink.objects.bulk_create(
            [
                ParentLink(parent=self.student_meta[i]["parent"], student=s)
                for i, s in enumerate(self.students)
                if self.student_meta[i]["parent"]
            ]
        )
        self.demo_student = next(s for i, s in enumerate(self.students) if self.student_meta[i]["demo"])
