"""Step 5: what students do with placements: favourites, applications in every state (with their event story,
messages, consent, school approval and clearing deadlines) and teachers' recommendations."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone

from backend.accounts.models import User
from clearing import policy
from clearing.services import figures_refresh_stale
from companies.models import Placement, PlacementKind, PlacementStatus
from seekers.models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationStatus,
    ApprovalStatus,
    Favourite,
    Recommendation,
)

from ..catalogue import DECLINE_REASONS, HOBBIES, STUDENT_MESSAGES
from .base import BuilderBase


class ApplicationsStep(BuilderBase):
    """Favourites, applications, recommendations."""

    def suitable(self, index: int, statuses=(PlacementStatus.PUBLISHED,)) -> list[Placement]:
        """Placements this student could really apply to (kind by grade, age, qualification, class period)."""
        student, meta = self.students[index], self.student_meta[index]
        result = []
        for p in self.placements:
            if p.status not in statuses or not p.company.is_verified:
                continue
            if p.kind == PlacementKind.CAREER_DAY:
                ok = student.grade == 8
            elif p.kind == PlacementKind.SCHOOL_INTERNSHIP:
                ok = meta["period"] is not None and self.period_of[p.pk] == meta["period"]
            elif p.kind == PlacementKind.HOLIDAY_INTERNSHIP:
                ok = student.grade >= 9 and meta["age"] >= (p.min_age or 0)
            elif p.kind == PlacementKind.APPRENTICESHIP:
                ok = student.grade >= 10 and student.expected_qualification >= p.required_qualification
            else:
                ok = student.grade >= 11 and student.expected_qualification >= p.required_qualification
            if ok:
                result.append(p)
        return result

    def interest_first(self, index: int, candidates: list[Placement], k: int) -> list[Placement]:
        interests = self.student_meta[index]["interests"]
        fields = {p.pk: self.placement_fields[i] for i, p in enumerate(self.placements)}
        liked = [p for p in candidates if set(fields[p.pk]) & set(interests)]
        rest = [p for p in candidates if p not in liked]
        self.rng.shuffle(liked)
        self.rng.shuffle(rest)
        return (liked + rest)[:k]

    def build_favourites(self) -> None:
        rng = self.rng
        favourites = []
        self.favourite_pairs = set()
        for i, student in enumerate(self.students):
            meta = self.student_meta[i]
            k = 4 if meta["demo"] else rng.randint(0, 5)
            for p in self.interest_first(i, self.suitable(i), k):
                fav = Favourite(student=student, placement=p)
                if rng.random() < 0.3:
                    fav.note = rng.choice(
                        ["Mit dem Bus 20 Minuten.", "Nach dem Termin fragen!", "Klingt spannend, mit Mama besprechen."]
                    )
                if meta["parent"] and rng.random() < 0.4:
                    fav.liked_by_parent = True
                    fav.parent_comment = rng.choice(
                        ["Gute Wahl, das passt zu dir!", "Lass uns am Wochenende darüber reden.", ""]
                    )
                favourites.append(fav)
                self.favourite_pairs.add((student.pk, p.pk))
        Favourite.objects.bulk_create(favourites)

    def build_applications(self) -> None:
        rng = self.rng
        applications, plans = [], []
        accepted: dict[int, int] = {}
        demo_company_placements = [p for p in self.placements if p.company_id == self.demo_company.pk]
        for i in range(len(self.students)):
            meta = self.student_meta[i]
            if not meta["adult"] and not meta["parent"]:
                continue  # a minor who has not linked a parent yet cannot send applications (consent)
            candidates = self.suitable(i, (PlacementStatus.PUBLISHED, PlacementStatus.CLOSED))
            if meta["demo"]:
                chosen = [p for p in demo_company_placements if p in candidates][:2]
                chosen += [p for p in self.interest_first(i, candidates, 8) if p not in chosen][:3]
                statuses = [
                    ApplicationStatus.OFFERED,  # clearing (issue 10): an offer to accept within 3 days
                    ApplicationStatus.AWAITING_CONSENT,
                    ApplicationStatus.SUBMITTED,
                    ApplicationStatus.WAITLISTED,
                    ApplicationStatus.LAPSED,
                ]
            else:
                k = rng.randint(1, 4)
                chosen = self.interest_first(i, candidates, k)
                mine = [p for p in demo_company_placements if p in candidates and p not in chosen]
                if mine and rng.random() < 0.35:
                    chosen = [mine[0]] + chosen[: k - 1]
                statuses = []
                for p in chosen:
                    if p.status == PlacementStatus.CLOSED:
                        statuses.append(rng.choice([ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED]))
                    else:
                        statuses.append(
                            rng.choices(
                                [
                                    ApplicationStatus.AWAITING_CONSENT,
                                    ApplicationStatus.SUBMITTED,
                                    ApplicationStatus.INVITED,
                                    ApplicationStatus.ACCEPTED,
                                    ApplicationStatus.DECLINED,
                                    ApplicationStatus.WITHDRAWN,
                                    ApplicationStatus.OFFERED,
                                    ApplicationStatus.WAITLISTED,
                                    ApplicationStatus.LAPSED,
                                ],
                                weights=[15, 30, 15, 15, 15, 10, 5, 5, 5],
                            )[0]
                        )
            for p, status in zip(chosen, statuses, strict=False):  # the demo student may have fewer than 5 places
                if meta["adult"] and status == ApplicationStatus.AWAITING_CONSENT:
                    status = ApplicationStatus.SUBMITTED
                if status in (ApplicationStatus.ACCEPTED, ApplicationStatus.OFFERED):  # an offer holds a seat
                    if accepted.get(p.pk, 0) >= p.seats:
                        status = ApplicationStatus.DECLINED
                    else:
                        accepted[p.pk] = accepted.get(p.pk, 0) + 1
                app, plan = self.application(i, p, status)
                applications.append(app)
                plans.append(plan)
        Application.objects.bulk_create(applications)
        # As application_accept() does: a published placement whose seats are all taken is closed.
        full = [
            p for p in self.placements if p.status == PlacementStatus.PUBLISHED and accepted.get(p.pk, 0) >= p.seats
        ]
        for p in full:
            p.status = PlacementStatus.CLOSED
        Placement.objects.bulk_update(full, ["status"])
        events, event_times, messages, message_times = [], [], [], []
        for app, plan in zip(applications, plans, strict=True):
            for status, actor, note, when in plan["events"]:
                events.append(ApplicationEvent(application=app, status=status, actor=actor, note=note))
                event_times.append(when)
            for author, body, when in plan["messages"]:
                messages.append(ApplicationMessage(application=app, author=author, body=body))
                message_times.append(when)
        ApplicationEvent.objects.bulk_create(events)
        ApplicationMessage.objects.bulk_create(messages)
        # auto_now_add overwrites created_at on insert; bulk_update afterwards sets the story's timestamps
        # (bulk_update does not call pre_save).
        for app, plan in zip(applications, plans, strict=True):
            app.created_at, app.updated_at = plan["events"][0][3], plan["events"][-1][3]
        stamped: list[ApplicationEvent | ApplicationMessage] = [*events, *messages]
        for obj, when in zip(stamped, event_times + message_times, strict=True):
            obj.created_at = when
        Application.objects.bulk_update(applications, ["created_at", "updated_at"])
        ApplicationEvent.objects.bulk_update(events, ["created_at"])
        ApplicationMessage.objects.bulk_update(messages, ["created_at"])
        self.applications = applications
        self.build_clearing(applications)

    def build_clearing(self, applications):
        """Clearing (issue 10): the deadlines and answers the services would have stamped, from each story's
        timeline; open ones still have time (the deadline job must not lapse the demo at `make run`); then
        every company's response figures."""
        answered = {
            ApplicationStatus.INVITED,
            ApplicationStatus.OFFERED,
            ApplicationStatus.WAITLISTED,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.DECLINED,
        }
        now = timezone.now()
        events = defaultdict(list)
        for app_id, status, when in ApplicationEvent.objects.filter(application__in=applications).values_list(
            "application_id", "status", "created_at"
        ):
            events[app_id].append((when, status))
        for app in applications:
            timeline = sorted(events[app.pk])
            released = next((t for t, st in timeline if st == ApplicationStatus.SUBMITTED), None)
            if released is None:
                continue
            app.released_at = released
            app.respond_by = policy.respond_by(released)
            app.answered_at = next((t for t, st in timeline if st in answered and t >= released), None)
            if app.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.INVITED):
                app.respond_by = max(app.respond_by, now + datetime.timedelta(days=self.rng.randint(2, 6)))
                app.reminders_sent = policy.reminders_due(app.respond_by, now)
            if app.status == ApplicationStatus.OFFERED:
                app.offer_expires_at = now + datetime.timedelta(days=2)
        Application.objects.bulk_update(
            applications, ["released_at", "respond_by", "answered_at", "reminders_sent", "offer_expires_at"]
        )
        figures_refresh_stale(now)

    def application(self, index: int, placement: Placement, status: str) -> tuple[Application, dict]:
        rng = self.rng
        student, meta = self.students[index], self.student_meta[index]
        owner = self.company_meta[placement.company.slug]["owner"]
        parent, teacher = meta["parent"], meta["teacher"]
        area = self.placement_area[placement.pk]
        hobby = rng.choice(HOBBIES)
        message = rng.choice(STUDENT_MESSAGES).format(area=area, title=placement.title, hobby=hobby)
        app = Application(student=student, placement=placement, message=message, status=status)
        # The story's clock: from after publication up to the anchor, each step later than the last.
        assert placement.published_at is not None  # the story applies only to published placements
        t = placement.published_at + (self.anchor_dt - placement.published_at) * rng.uniform(0.15, 0.45)
        events: list[tuple[str, User | None, str, datetime.datetime]] = []  # (status, actor, note, when)
        messages = []

        def step():
            nonlocal t
            t = t + (self.anchor_dt - t) * rng.uniform(0.15, 0.4)
            return t

        # The same story the services in seekers/services/ write, with their event notes.
        minor = not meta["adult"]
        school_internship = placement.kind == PlacementKind.SCHOOL_INTERNSHIP
        if school_internship:
            app.school_approval = ApprovalStatus.PENDING
        if not minor:
            events.append((ApplicationStatus.SUBMITTED, student.user, "", t))
        else:
            events.append((ApplicationStatus.AWAITING_CONSENT, student.user, "", t))
            if status == ApplicationStatus.AWAITING_CONSENT:
                app.consent = ApprovalStatus.PENDING
            elif status == ApplicationStatus.WITHDRAWN and (self.show_once("consent_rejected") or rng.random() < 0.5):
                app.consent, app.consent_by = ApprovalStatus.REJECTED, parent
                events.append((ApplicationStatus.WITHDRAWN, parent, "Eltern haben nicht zugestimmt", step()))
            else:
                app.consent, app.consent_by = ApprovalStatus.APPROVED, parent
                events.append((ApplicationStatus.SUBMITTED, parent, "Eltern haben zugestimmt", step()))

        def school_decides(approve: bool, current: str):
            app.school_approval = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
            app.school_approval_by = teacher
            events.append(
                (
                    current,
                    teacher,
                    "Schule hat das Praktikum genehmigt" if approve else "Schule hat das Praktikum nicht genehmigt",
                    step(),
                )
            )

        if events[-1][0] == ApplicationStatus.SUBMITTED and status != ApplicationStatus.SUBMITTED:
            if status in (ApplicationStatus.INVITED, ApplicationStatus.ACCEPTED):
                invited_at = step()
                if rng.random() < 0.6 or meta["demo"]:  # the invitation's note becomes a message
                    messages.append(
                        (
                            owner,
                            f"Hallo {student.user.first_name}, danke für deine Bewerbung! Hast "
                            f"du nächste Woche Dienstag um 15 Uhr Zeit für ein kurzes "
                            f"Kennenlernen bei uns? Bring gern eine Begleitperson mit.",
                            invited_at,
                        )
                    )
                events.append((ApplicationStatus.INVITED, owner, "", invited_at))
                if messages:
                    reply = (
                        "Ja, das passt mir gut. Ich komme mit meiner Mutter. Danke!"
                        if minor
                        else "Ja, der Termin passt. Vielen Dank für die Einladung!"
                    )
                    messages.append((student.user, reply, step()))
                if school_internship and (status == ApplicationStatus.ACCEPTED or rng.random() < 0.5):
                    school_decides(True, ApplicationStatus.INVITED)
            if status == ApplicationStatus.ACCEPTED:
                events.append((ApplicationStatus.OFFERED, owner, "", step()))  # clearing: yes = an offer first
                events.append((ApplicationStatus.ACCEPTED, student.user, "Angebot angenommen", step()))
            elif status in (ApplicationStatus.OFFERED, ApplicationStatus.WAITLISTED):
                events.append((status, owner, "", step()))
            elif status == ApplicationStatus.LAPSED:
                events.append((status, None, "keine Antwort bis zur Frist", step()))
            elif status == ApplicationStatus.DECLINED:
                if school_internship and (self.show_once("school_rejected") or rng.random() < 0.3):
                    school_decides(False, ApplicationStatus.SUBMITTED)
                    app.decline_reason = DECLINE_REASONS["dates"]
                else:
                    app.decline_reason = rng.choice(list(DECLINE_REASONS.values()))
                events.append((ApplicationStatus.DECLINED, owner, app.decline_reason, step()))
            elif status == ApplicationStatus.WITHDRAWN:
                events.append((ApplicationStatus.WITHDRAWN, student.user, "", step()))
        elif status == ApplicationStatus.SUBMITTED and school_internship and rng.random() < 0.3:
            school_decides(True, ApplicationStatus.SUBMITTED)
        if events[-1][0] != status:  # withdrawn while still waiting for consent
            events.append((status, student.user, "", step()))
        return app, {"events": events, "messages": messages}

    def build_recommendations(self) -> None:
        demo_class = next(c for c, _ in self.classes if c.name == "9a")
        in_period = [
            p
            for p in self.placements
            if p.kind == PlacementKind.SCHOOL_INTERNSHIP
            and p.status == PlacementStatus.PUBLISHED
            and p.company.is_verified
            and self.period_of[p.pk] == 0
        ]
        recs = [
            Recommendation(
                teacher=self.demo_teacher,
                placement=p,
                school_class=demo_class,
                note="Guter Betrieb, gut mit der U-Bahn erreichbar.",
            )
            for p in in_period[:3]
        ]
        recs += [
            Recommendation(
                teacher=self.demo_teacher,
                placement=p,
                student=self.demo_student,
                note="Passt zu deinem Interesse an IT!",
            )
            for p in in_period[3:4]
        ]
        Recommendation.objects.bulk_create(recs)
