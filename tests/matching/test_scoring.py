"""The definition of a match (matching/scoring.py), without a database."""

import datetime

import pytest

from matching import scoring
from matching.scoring import MatchRequest, PlacementFacts, StudentFacts

TODAY = datetime.date(2026, 3, 1)
HOME = (51.5136, 7.4653)  # Dortmund centre


def student(**kw):
    base = dict(
        id=1,
        latitude=HOME[0],
        longitude=HOME[1],
        postal_code="44137",
        grade=9,
        birth_date=datetime.date(2011, 1, 1),
        expected_qualification=3,
        travel_radius_km=20,
        interests={6: 5, 3: 3, 9: 2},
        internship_start=datetime.date(2026, 5, 1),
        internship_end=datetime.date(2026, 5, 31),
    )
    base.update(kw)
    return StudentFacts(**base)


def placement(**kw):
    base = dict(
        id=1,
        kind="holiday_internship",
        latitude=HOME[0],
        longitude=HOME[1],
        berufsfeld_ids=(6,),
        start_date=datetime.date(2026, 4, 1),
        seats=2,
    )
    base.update(kw)
    return PlacementFacts(**base)


REQ = MatchRequest(today=TODAY)


class TestParts:
    def test_haversine_matches_known_distance(self):
        # Dortmund Hbf -> Bochum Hbf is about 16.4 km as the crow flies
        assert scoring.haversine_km(51.5178, 7.4592, 51.4786, 7.2233) == pytest.approx(16.9, abs=0.5)

    def test_proximity_is_one_at_home_and_half_at_scale(self):
        assert scoring.proximity(0, 10) == 1.0
        assert scoring.proximity(10, 10) == pytest.approx(0.5)
        assert scoring.proximity(20, 10) == pytest.approx(0.0625)

    def test_interest_is_share_of_the_students_weights(self):
        assert scoring.interest({6: 5, 3: 3, 9: 2}, [6]) == pytest.approx(0.5)
        assert scoring.interest({6: 5, 3: 3, 9: 2}, [6, 3]) == pytest.approx(0.8)
        assert scoring.interest({6: 5, 3: 3, 9: 2}, [1]) == 0
        assert scoring.interest({}, [6]) == 0

    def test_level_fit_is_best_when_requirement_equals_qualification(self):
        assert scoring.level_fit(3, 3, 0.2) == 1.0
        assert scoring.level_fit(5, 3, 0.2) == pytest.approx(0.6)
        assert scoring.level_fit(5, 0, 0.2) == 0.0
        assert scoring.level_fit(2, 3, 0.2) == 0.0

    def test_availability_falls_with_applications_per_free_seat(self):
        assert scoring.availability(0, 3, 0.5) == 1.0
        assert scoring.availability(2, 1, 0.5) == pytest.approx(0.5)
        assert scoring.availability(4, 2, 0.5) == pytest.approx(0.5)
        assert scoring.availability(0, 0, 0.5) == 0.0

    def test_every_part_and_the_total_stay_in_range(self):
        s = student()
        sc = scoring.score(s, placement(berufsfeld_ids=(6, 3, 9), required_qualification=3))
        for part in (sc.interest, sc.proximity, sc.level_fit, sc.chance):
            assert 0 <= part <= 1
        # a perfect fit (0.45 + 0.30 + 0.15) times the chance factor: the company answers 80 %, 2 seats, no rival
        assert sc.total == pytest.approx(0.9 * (0.5 + 0.5 * 0.8))

    def test_chance_falls_with_competition_and_with_a_company_that_does_not_answer(self):
        assert scoring.chance(0, 1, 1.0) == 1.0
        assert scoring.chance(2, 1, 1.0) == pytest.approx(1 / 3)
        assert scoring.chance(1, 2, 0.5) == pytest.approx(0.5)
        assert scoring.chance(0, 0, 1.0) == 0.0
        assert scoring.chance_factor(0.0, 0.5) == 0.5 and scoring.chance_factor(1.0, 0.5) == 1.0

    def test_a_crowded_placement_has_no_chance(self, settings):
        """At MAX_OPEN_PER_SEAT open applications per free seat the placement refuses new ones: not pushed."""
        settings.CLEARING = {"MAX_OPEN_PER_SEAT": 3}
        assert scoring.chance(3, 1, 1.0) == 0.0 and scoring.chance(5, 2, 1.0) > 0
        crowded = placement(id=1, open_applications=6, seats=2, answer_rate=1.0)
        assert crowded.chance == 0.0 and crowded.chance_factor == scoring.config()["CHANCE_FLOOR"]
        assert scoring.score(student(), crowded).chance == 0.0
        settings.CLEARING = {"MAX_OPEN_PER_SEAT": None}  # no limit: competition lowers the chance only
        assert scoring.chance(3, 1, 1.0) == pytest.approx(0.25)

    def test_a_placement_in_none_of_the_interests_counts_its_fit_at_off_interest(self, settings):
        settings.MATCHING = {**settings.MATCHING, "OFF_INTEREST": 0.5}
        s = student()
        wanted = placement(id=1, berufsfeld_ids=(9,), required_qualification=3)
        unwanted = placement(id=2, berufsfeld_ids=(1,), required_qualification=3)
        m = scoring.Matcher(s, REQ)
        fit_unwanted = 0.30 * 1.0 + 0.15 * 1.0  # at home, level fits, no shared Berufsfeld
        assert m.score(unwanted).total == pytest.approx(fit_unwanted * 0.5 * unwanted.chance_factor)
        assert [p.id for p, _ in m.rank([unwanted, wanted])] == [1, 2]
        no_interests = scoring.Matcher(student(interests={}), REQ)  # nothing to prefer: the fit as it is
        assert no_interests.score(unwanted).total == pytest.approx(fit_unwanted * unwanted.chance_factor)

    def test_expected_value_prefers_a_place_the_student_can_get_unless_the_fit_differs_much(self):
        s = student()
        crowded_better = placement(id=1, berufsfeld_ids=(6, 3), open_applications=9, seats=1, answer_rate=1.0)
        free_good = placement(id=2, berufsfeld_ids=(6,), answer_rate=1.0)
        assert [p.id for p, _ in scoring.rank(s, [crowded_better, free_good], REQ)] == [2, 1]
        silent = placement(id=3, berufsfeld_ids=(6,), answer_rate=0.1)
        assert [p.id for p, _ in scoring.rank(s, [silent, free_good], REQ)] == [2, 3]
        slow = placement(id=3, berufsfeld_ids=(6,), answer_rate=0.5)
        far_worse = placement(id=4, berufsfeld_ids=(1,), answer_rate=1.0)  # no shared interest
        assert [p.id for p, _ in scoring.rank(s, [far_worse, slow], REQ)] == [3, 4]


class TestEligibility:
    @pytest.mark.parametrize(
        "change,rule",
        [
            (dict(status="draft"), "not_published"),
            (dict(is_hidden=True), "hidden"),
            (dict(company_hidden=True), "hidden"),
            (dict(company_verified=False), "company_not_verified"),
            (dict(application_deadline=TODAY - datetime.timedelta(days=1)), "expired"),
            (dict(start_date=TODAY - datetime.timedelta(days=1)), "expired"),
            (dict(seats=2, accepted=2), "no_seats"),
            (dict(min_grade=10), "grade"),
            (dict(min_age=16), "age"),
            (dict(required_qualification=4), "qualification"),
            (
                dict(
                    kind="school_internship", start_date=datetime.date(2026, 4, 20), end_date=datetime.date(2026, 5, 8)
                ),
                "internship_period",
            ),
            (dict(latitude=HOME[0] + 0.3), "radius"),  # ~33 km north
        ],
    )
    def test_each_rule_excludes(self, change, rule):
        p = placement(**change)
        assert rule in scoring.ineligibility_reasons(student(), p, REQ)
        assert not scoring.is_eligible(student(), p, REQ)
        assert scoring.rank(student(), [p], REQ) == []

    def test_a_plain_placement_is_eligible(self):
        assert scoring.ineligibility_reasons(student(), placement(), REQ) == []

    def test_kind_the_student_asks_for(self):
        p = placement(kind="apprenticeship")
        assert scoring.is_eligible(student(), p, REQ)
        assert "kind" in scoring.ineligibility_reasons(student(), p, MatchRequest(kinds=("career_day",), today=TODAY))

    def test_school_internship_inside_the_period_is_eligible(self):
        p = placement(
            kind="school_internship", start_date=datetime.date(2026, 5, 4), end_date=datetime.date(2026, 5, 22)
        )
        assert scoring.is_eligible(student(), p, REQ)

    def test_school_internship_needs_a_class_period(self):
        p = placement(kind="school_internship", start_date=datetime.date(2026, 5, 4))
        s = student(internship_start=None, internship_end=None)
        assert "internship_period" in scoring.ineligibility_reasons(s, p, REQ)

    def test_age_counts_on_the_first_day(self):
        # turns 16 on 2027-01-01: too young for a 16+ placement starting 2026-12-31, old enough on 2027-01-01
        s = student(birth_date=datetime.date(2011, 1, 1))
        assert not scoring.is_eligible(s, placement(min_age=16, start_date=datetime.date(2026, 12, 31)), REQ)
        assert scoring.is_eligible(s, placement(min_age=16, start_date=datetime.date(2027, 1, 1)), REQ)

    def test_deadline_today_is_still_open(self):
        assert scoring.is_eligible(student(), placement(application_deadline=TODAY), REQ)


class TestRanking:
    def test_closer_ranks_higher_all_else_equal(self):
        near = placement(id=2, latitude=HOME[0] + 0.02)
        far = placement(id=1, latitude=HOME[0] + 0.08)
        assert [p.id for p, _ in scoring.rank(student(), [far, near], REQ)] == [2, 1]

    def test_more_interest_overlap_ranks_higher_all_else_equal(self):
        one = placement(id=1, berufsfeld_ids=(9,))
        two = placement(id=2, berufsfeld_ids=(6,))
        both = placement(id=3, berufsfeld_ids=(6, 3))
        assert [p.id for p, _ in scoring.rank(student(), [one, two, both], REQ)] == [3, 2, 1]

    def test_ties_are_broken_by_id(self):
        ps = [placement(id=i) for i in (5, 3, 9, 1)]
        assert [p.id for p, _ in scoring.rank(student(), ps, REQ)] == [1, 3, 5, 9]

    def test_crowded_placement_ranks_lower_all_else_equal(self):
        crowded = placement(id=1, open_applications=6)
        quiet = placement(id=2)
        assert [p.id for p, _ in scoring.rank(student(), [crowded, quiet], REQ)] == [2, 1]

    def test_weights_come_from_settings(self, settings):
        settings.MATCHING = {
            **settings.MATCHING,
            "WEIGHTS": {"interest": 0, "distance": 1, "level": 0, "availability": 0},
        }
        sc = scoring.score(student(), placement(latitude=HOME[0] + 10 / 111.195, answer_rate=1.0))
        assert sc.total == pytest.approx(0.5, abs=0.01)


class TestReasons:
    def test_reasons_in_german(self):
        s = student()
        p = placement(berufsfeld_ids=(3, 6), min_grade=9, latitude=HOME[0] + 4.2 / 111.195, seats=3, accepted=1)
        names = {6: "IT, Computer", 3: "Elektro"}
        rs = scoring.reasons(s, p, scoring.score(s, p), names)
        assert rs[0] == "passt zu deinen Interessen „IT, Computer“ und „Elektro“"
        assert "4,2 km von 44137" in rs
        assert "ab Klasse 9" in rs
        assert "noch 2 Plätze frei" in rs

    def test_reasons_name_the_chance(self):
        s = student()
        quiet = placement(seats=3, open_applications=1, answer_days=1.6)
        rs = scoring.reasons(s, quiet, scoring.score(s, quiet), {6: "IT, Computer"})
        assert "wenig Konkurrenz" in rs and "antwortet meist in 2 Tagen" in rs
        crowded = placement(seats=1, open_applications=4)
        rs = scoring.reasons(s, crowded, scoring.score(s, crowded), {6: "IT, Computer"})
        assert "wenig Konkurrenz" not in rs and not any("antwortet" in r for r in rs)

    def test_a_crowded_placement_says_why_it_takes_no_application_now(self, settings):
        s = student()
        crowded = placement(seats=1, open_applications=3)  # MAX_OPEN_PER_SEAT (3) per free seat
        rs = scoring.reasons(s, crowded, scoring.score(s, crowded), {6: "IT, Computer"})
        assert "viele Bewerbungen: gerade keine neuen möglich" in rs
        busy = placement(seats=1, open_applications=2)  # competition, but it still takes applications
        rs = scoring.reasons(s, busy, scoring.score(s, busy), {6: "IT, Computer"})
        assert not any("viele Bewerbungen" in r for r in rs)
        settings.CLEARING = {**settings.CLEARING, "MAX_OPEN_PER_SEAT": None}  # no cap: never crowded
        rs = scoring.reasons(s, crowded, scoring.score(s, crowded), {6: "IT, Computer"})
        assert not any("viele Bewerbungen" in r for r in rs)

    def test_no_interest_reason_without_overlap(self):
        s = student()
        p = placement(berufsfeld_ids=(1,))
        assert not any("Interessen" in r for r in scoring.reasons(s, p, scoring.score(s, p), {1: "Bau"}))


class TestMatcherFastPath:
    """The Matcher's precomputed paths (used by the database backend) give the documented formulas' answers."""

    def test_parts_equal_the_formulas_and_eligible_equals_the_reasons(self):
        import random

        rng = random.Random(7)
        for _ in range(300):
            s = student(
                expected_qualification=rng.randint(0, 5),
                grade=rng.randint(8, 12),
                interests={b: rng.randint(1, 5) for b in rng.sample(range(1, 17), rng.randint(0, 4))},
                birth_date=datetime.date(rng.randint(2006, 2013), rng.randint(1, 12), 1),
                internship_start=rng.choice([None, datetime.date(2026, 5, 1)]),
            )
            start = TODAY + datetime.timedelta(days=rng.randint(-3, 90))
            p = placement(
                id=rng.randint(1, 99),
                kind=rng.choice(["school_internship", "career_day", "apprenticeship"]),
                latitude=HOME[0] + rng.uniform(-0.3, 0.3),
                longitude=HOME[1] + rng.uniform(-0.4, 0.4),
                berufsfeld_ids=tuple(rng.sample(range(1, 17), rng.randint(1, 3))),
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.randint(0, 20)),
                seats=rng.randint(1, 3),
                accepted=rng.randint(0, 2),
                open_applications=rng.randint(0, 6),
                min_grade=rng.choice([None, 9, 10]),
                min_age=rng.choice([None, 14, 16]),
                required_qualification=rng.randint(0, 5),
                status=rng.choice(["published", "draft"]),
                company_verified=rng.random() > 0.1,
                application_deadline=rng.choice([None, TODAY + datetime.timedelta(days=rng.randint(-2, 9))]),
            )
            m = scoring.Matcher(s, MatchRequest(kinds=rng.choice([(), ("career_day",)]), today=TODAY))
            d = m.distance_km(p)
            assert d == pytest.approx(scoring.haversine_km(s.latitude, s.longitude, p.latitude, p.longitude))
            assert m.eligible(p, d) == (m.ineligibility_reasons(p, d) == [])
            total, i, prox, lvl, ch = m.parts(p, d)
            assert i == pytest.approx(scoring.interest(s.interests, p.berufsfeld_ids))
            assert prox == pytest.approx(scoring.proximity(d, 10.0))
            assert lvl == pytest.approx(scoring.level_fit(s.expected_qualification, p.required_qualification, 0.2))
            if p.free_seats > 0:
                assert ch == pytest.approx(scoring.chance(p.open_applications, p.free_seats, p.answer_rate))
                fit = 0.45 * i + 0.30 * prox + 0.15 * lvl
                if s.interests and i == 0:
                    fit *= scoring.config()["OFF_INTEREST"]
                assert total == pytest.approx(fit * scoring.chance_factor(ch, 0.5))

    def test_scored_and_listed_rows_equal_the_methods_on_facts_exactly(self, settings):
        """The database backend's one-loop paths over tuples: scored_rows gives bit-identical distances and
        totals and keeps exactly what eligible() keeps, best() orders them as rank_key does (every rule broken somewhere in the generated data);
        listed_rows keeps exactly what is_listed() keeps."""
        import dataclasses
        import random

        settings.MATCHING = {"REQUIRE_VERIFIED_COMPANY": True}
        rng = random.Random(11)
        names = [f.name for f in dataclasses.fields(PlacementFacts)]
        checked = kept = 0
        for _ in range(60):
            s = student(
                expected_qualification=rng.randint(0, 5),
                grade=rng.randint(8, 12),
                travel_radius_km=rng.choice([5, 10, 25]),
                interests=rng.choice([{}, {b: rng.randint(1, 5) for b in rng.sample(range(1, 17), 3)}]),
                birth_date=datetime.date(rng.randint(2008, 2013), rng.randint(1, 12), rng.randint(1, 28)),
                internship_start=rng.choice([None, datetime.date(2026, 3, 20)]),
            )
            m = scoring.Matcher(
                s, MatchRequest(kinds=rng.choice([(), ("career_day", "school_internship")]), today=TODAY)
            )
            facts = []
            for pid in range(40):
                start = TODAY + datetime.timedelta(days=rng.randint(-3, 120))
                facts.append(
                    placement(
                        id=pid,
                        kind=rng.choice(["school_internship", "career_day", "apprenticeship"]),
                        latitude=HOME[0] + rng.uniform(-0.25, 0.25),
                        longitude=HOME[1] + rng.uniform(-0.35, 0.35),
                        berufsfeld_ids=tuple(rng.sample(range(1, 17), rng.randint(0, 3))),
                        start_date=start,
                        end_date=rng.choice([None, start + datetime.timedelta(days=rng.randint(0, 20))]),
                        seats=rng.randint(1, 3),
                        accepted=rng.randint(0, 2),
                        open_applications=rng.randint(0, 9),
                        min_grade=rng.choice([None, 9, 10]),
                        min_age=rng.choice([None, 14, 16]),
                        required_qualification=rng.randint(0, 6),
                        status=rng.choice(["published"] * 5 + ["draft"]),
                        is_hidden=rng.random() < 0.1,
                        company_hidden=rng.random() < 0.1,
                        company_verified=rng.random() > 0.1,
                        application_deadline=rng.choice([None, TODAY + datetime.timedelta(days=rng.randint(-2, 9))]),
                        answer_rate=rng.uniform(0.2, 1.0),
                    )
                )
            expected = []
            for p in facts:
                d = m.distance_km(p)
                if m.eligible(p, d):
                    expected.append((scoring.rank_key(m.total(p, d), p.id), p.id, d))
            rows = [tuple(getattr(p, n) for n in names) for p in facts]
            scored = m.scored_rows(rows)
            assert [(scoring.rank_key(t, row[0]), row[0], d) for t, row, d in scored] == expected  # the same floats
            for n in (1, 3, 20, 100):
                best = [row[0] for _, row, _ in scoring.best(scored, n)]
                assert best == [pid for _, pid, _ in sorted(expected)[:n]]
            listed = [p.id for p in facts if scoring.is_listed(p, TODAY)]
            assert [row[0] for row in scoring.listed_rows(rows, TODAY)] == listed
            assert 0 < len(listed) < len(facts)
            checked += len(facts)
            kept += len(expected)
        assert 0 < kept < checked / 2  # both kept and dropped placements were compared

    def test_best_orders_near_ties_as_rank_key_does(self):
        """Totals closer than rank_key's rounding step are ties broken by id; best() computes rank_key only near
        the cut and must still pick and order exactly what sorting every total by rank_key picks."""
        import random

        rng = random.Random(5)
        for _ in range(200):
            base = rng.uniform(0.2, 0.8)
            totals = [base + rng.choice([0, 1e-10, 4e-10, 6e-10, 1e-9, 2e-9, 3e-9, 5e-9, 1e-6]) * rng.choice([1, -1])
                      for _ in range(rng.randint(1, 40))]  # fmt: skip
            scored = [(t, (rng.randint(1, 10_000),), 0.0) for t in totals]
            for n in (1, 2, 5, 20, 50):
                want = sorted(scored, key=lambda k: scoring.rank_key(k[0], k[1][0]))[:n]
                assert scoring.best(scored, n) == want
