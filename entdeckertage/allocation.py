"""The Entdeckertage allocation: lexicographic, exact where it can be, with a seeded lottery and an upper bound.

Model (per independent part; pupils of different blocks never share offers, so every block is its own part):
  x[p,o] ∈ {0,1} for every candidate (a wish, or with the opt-in a reachable offer in the pupil's fields);
  per pupil at most one x per date and at most one per Berufsfeld; per offer Σ x ≤ free seats;
  minimum age and the block are already in the candidate lists (inputs.py).
Objective, lexicographic: #pupils with 3 days, then with 2, then with 1, then the wish ranks: cost of a day =
  100·(rank−1) + a lottery number in [0, 50) drawn from the run's seed per (pupil, offer) (first wishes count
  most, ties go by lottery, the same seed gives the same result).

How it is solved (OR-Tools throughout):
  1. greedy_complete: pupils in lottery order take a complete set of three days if their candidates allow;
  2. improve: coordinate ascent over dates; with the other dates fixed, one date's best re-assignment is a
     min-cost flow (exactly lexicographic for that date), repeated until nothing improves;
  3. CP-SAT (solve_part) in three stages, each keeping the previous optimum as a constraint: max #3 (z3 ≤ the
     day count of each date: a tight LP), then (N+1)·#≥2 + #≥1, then min rank cost. Parts up to EXACT_PART
     pupils are solved whole (the tests check optimality against brute force); bigger parts (a Dortmund block
     has ~1,700 pupils) are polished by CP-SAT in neighbourhoods around pupils with fewer than three days
     (large neighbourhood search), everyone else fixed;
  4. one more round of flows. No step makes the result worse; all run within the time limit with ≤ 2 workers.

Upper bound (reported with every run): a maximum flow of pupil-days without the different-fields rule
(source → pupil [3 − fixed] → pupil·date [1] → offer [free seats] → sink), plus the fixed days. No allocation can
give more days; share_of_bound = days given / bound.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.graph.python import max_flow, min_cost_flow
from ortools.sat.python import cp_model

from .problem import OfferIn, Problem, PupilIn

DAYS = 3
RANK_STEP = 100
LOTTERY = 50


@dataclass
class Result:
    assignments: list[tuple[int, int, int]]  # (pupil id, offer id, rank)
    figures: dict = field(default_factory=dict)


def lottery(seed: int, pupil: int, offer: int) -> int:
    """A deterministic lottery number per (seed, pupil, offer) in [0, LOTTERY)."""
    h = (seed * 1_000_003 + pupil * 9_176 + offer * 7_919) & 0xFFFFFFFF
    h = (h ^ (h >> 16)) * 0x45D9F3B & 0xFFFFFFFF
    h = (h ^ (h >> 16)) * 0x45D9F3B & 0xFFFFFFFF
    return (h ^ (h >> 16)) % LOTTERY


def cost(seed: int, pupil: int, offer: int, rank: int) -> int:
    return RANK_STEP * (rank - 1) + lottery(seed, pupil, offer)


# --- greedy (hint) and first-come-first-served (the comparison) --------------------------------------------------
def _take(p: PupilIn, problem: Problem, free: dict, dates: dict, fields: dict, got: dict, limit: int) -> None:
    for oid, r in p.candidates:
        if len(got[p.id]) >= limit:
            return
        o = problem.offers[oid]
        if free[oid] > 0 and o.date not in dates[p.id] and o.field not in fields[p.id]:
            free[oid] -= 1
            dates[p.id].add(o.date)
            fields[p.id].add(o.field)
            got[p.id].append((oid, r))


def _no_progress(pct: int, note: str = "") -> None:
    """allocate() without a progress callback."""


def greedy(problem: Problem, seed: int, *, rounds: bool = True) -> dict[int, list[tuple[int, int]]]:
    """Pupils in lottery order. rounds=True: one day per pupil per round (a fair hint for the solver);
    rounds=False: first come, first served: each pupil takes all their best free wishes at once."""
    order = [p for p in problem.pupils if p.candidates]
    random.Random(seed).shuffle(order)
    free = {o.id: o.capacity for o in problem.offers.values()}
    dates: defaultdict[int, set[int]] = defaultdict(set)  # pupil id -> dates taken
    fields: defaultdict[int, set[int]] = defaultdict(set)  # pupil id -> Berufsfelder taken
    got: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    if rounds:
        for k in range(1, DAYS + 1):
            for p in order:
                _take(p, problem, free, dates, fields, got, k - p.fixed)
    else:
        for p in order:
            _take(p, problem, free, dates, fields, got, DAYS - p.fixed)
    return got


def greedy_complete(problem: Problem, seed: int) -> dict[int, list[tuple[int, int]]]:
    """The solver's hint: pupils in lottery order each take the best complete set of days (one per date,
    different fields, free seats) their candidates allow; a second pass gives the others what is left."""
    order = [p for p in problem.pupils if p.candidates]
    random.Random(seed).shuffle(order)
    free = {o.id: o.capacity for o in problem.offers.values()}
    got: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rest = []
    for p in order:
        need = DAYS - p.fixed
        by_date = defaultdict(list)
        for oid, r in p.candidates:
            if free[oid] > 0:
                by_date[problem.offers[oid].date].append((oid, r))
        dates = sorted(by_date, key=lambda d: len(by_date[d]))
        pick = _complete(dates, by_date, problem, need, [], set(), 0) if len(dates) >= need else None
        if pick is None:
            rest.append(p)
            continue
        for oid, r in pick:
            free[oid] -= 1
            got[p.id].append((oid, r))
    taken_dates: defaultdict[int, set[int]] = defaultdict(set)
    taken_fields: defaultdict[int, set[int]] = defaultdict(set)
    for p in rest:
        _take(p, problem, free, taken_dates, taken_fields, got, DAYS - p.fixed)
    return got


def _complete(dates, by_date, problem, need, chosen, used_fields, i):
    """Depth-first: one offer on each of `need` dates with different fields (small: ≤ 3 dates)."""
    if len(chosen) == need:
        return list(chosen)
    if len(dates) - i < need - len(chosen):
        return None
    for oid, r in by_date[dates[i]]:
        f = problem.offers[oid].field
        if f in used_fields:
            continue
        chosen.append((oid, r))
        used_fields.add(f)
        found = _complete(dates, by_date, problem, need, chosen, used_fields, i + 1)
        chosen.pop()
        used_fields.discard(f)
        if found:
            return found
    return _complete(dates, by_date, problem, need, chosen, used_fields, i + 1) if len(dates) > need else None


def improve(
    problem: Problem,
    got: dict[int, list[tuple[int, int]]],
    seed: int,
    *,
    rounds: int = 8,
    deadline: float | None = None,
) -> dict[int, list[tuple[int, int]]]:
    """Coordinate ascent over dates: for one date, with every pupil's days on the other dates fixed, the best
    re-assignment of that date is a min-cost flow (pupil → offer of that date in a field the pupil has not got
    on another date → seats), exactly lexicographic for that date: a day that completes three days beats any
    number of second days, which beat first days, which beat wish ranks. Repeating over all dates moves pupils
    around (augmenting paths) until nothing improves."""
    by_pupil_date: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for p in problem.pupils:
        if p.fixed >= DAYS:
            continue
        d = defaultdict(list)
        for oid, r in p.candidates:
            d[problem.offers[oid].date].append((oid, r))
        by_pupil_date[p.id] = d
    fixed = {p.id: p.fixed for p in problem.pupils}
    state = {pid: {problem.offers[oid].date: (oid, r) for oid, r in got.get(pid, [])} for pid in by_pupil_date}
    all_dates = sorted({o.date for o in problem.offers.values()})
    n = len(by_pupil_date) + 1
    b1 = RANK_STEP * 64 + LOTTERY
    b2 = b1 * n
    b3 = b2 * n
    reward = {1: b1, 2: b2, 3: b3}

    def score() -> tuple:
        ks = [min(DAYS, fixed[pid] + len(st)) for pid, st in state.items()]
        return (
            ks.count(3),
            ks.count(2),
            ks.count(1),
            -sum(cost(seed, pid, o, r) for pid, st in state.items() for o, r in st.values()),
        )

    best = score()
    for _round in range(rounds):
        for day in all_dates:
            if deadline and time.monotonic() > deadline:
                return {pid: list(st.values()) for pid, st in state.items()}
            pupils = [pid for pid, d in by_pupil_date.items() if day in d]
            if not pupils:
                continue
            offers = sorted({oid for pid in pupils for oid, _r in by_pupil_date[pid][day]})
            onode = {oid: 2 + len(pupils) + i for i, oid in enumerate(offers)}
            f = min_cost_flow.SimpleMinCostFlow()
            source, sink = 0, 1
            arcs = {}
            for i, pid in enumerate(pupils):
                pn = 2 + i
                f.add_arc_with_capacity_and_unit_cost(source, pn, 1, 0)
                others = {d: v for d, v in state[pid].items() if d != day}
                used_fields = {problem.offers[o].field for o, _r in others.values()}
                k = min(DAYS, fixed[pid] + len(others) + 1)
                f.add_arc_with_capacity_and_unit_cost(pn, sink, 1, reward[k])  # stays without a day on `day`
                for oid, r in by_pupil_date[pid][day]:
                    if problem.offers[oid].field not in used_fields:
                        arcs[f.add_arc_with_capacity_and_unit_cost(pn, onode[oid], 1, cost(seed, pid, oid, r))] = (
                            pid,
                            oid,
                            r,
                        )
            for oid in offers:
                f.add_arc_with_capacity_and_unit_cost(onode[oid], sink, problem.offers[oid].capacity, 0)
            f.set_node_supply(source, len(pupils))
            f.set_node_supply(sink, -len(pupils))
            if f.solve() != f.OPTIMAL:
                continue
            for pid in pupils:
                state[pid].pop(day, None)
            for a, (pid, oid, r) in arcs.items():
                if f.flow(a):
                    state[pid][day] = (oid, r)
        now = score()
        if now <= best:
            break
        best = now
    return {pid: list(st.values()) for pid, st in state.items()}


# --- the bound --------------------------------------------------------------------------------------------------
def flow_bound(problem: Problem) -> int:
    """Max pupil-days without the different-fields rule (see the module docstring), plus the fixed days."""
    smf = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    offer_node = {}
    nxt = 2
    for oid in problem.offers:
        offer_node[oid] = nxt
        smf.add_arc_with_capacity(nxt, sink, problem.offers[oid].capacity)
        nxt += 1
    fixed = 0
    for p in problem.pupils:
        fixed += p.fixed
        if not p.candidates or p.fixed >= DAYS:
            continue
        pn = nxt
        nxt += 1
        smf.add_arc_with_capacity(source, pn, DAYS - p.fixed)
        by_date = defaultdict(list)
        for oid, _r in p.candidates:
            by_date[problem.offers[oid].date].append(oid)
        for oids in by_date.values():
            dn = nxt
            nxt += 1
            smf.add_arc_with_capacity(pn, dn, 1)
            for oid in oids:
                smf.add_arc_with_capacity(dn, offer_node[oid], 1)
    if nxt == 2:
        return fixed
    smf.solve(source, sink)
    return fixed + smf.optimal_flow()


# --- decomposition ----------------------------------------------------------------------------------------------
def components(problem: Problem) -> list[list[PupilIn]]:
    """Pupils connected through shared candidate offers (union-find); biggest first."""
    parent: dict = {}

    def find(a):
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for p in problem.pupils:
        for oid, _r in p.candidates:
            ra, rb = find(("p", p.id)), find(("o", oid))
            if ra != rb:
                parent[ra] = rb
    groups = defaultdict(list)
    for p in problem.pupils:
        if p.candidates and p.fixed < DAYS:
            groups[find(("p", p.id))].append(p)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0].id))


# --- CP-SAT -----------------------------------------------------------------------------------------------------
def _solver(time_limit: float, seed: int, workers: int) -> cp_model.CpSolver:
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = max(0.5, time_limit)
    s.parameters.num_workers = workers
    s.parameters.random_seed = seed % (2**31)
    return s


def solve_part(
    pupils: list[PupilIn], problem: Problem, seed: int, hint: dict, time_limit: float, workers: int = 2
) -> tuple[dict[int, list[tuple[int, int]]], dict]:
    """Solve one independent part in lexicographic stages. Returns ({pupil: [(offer, rank)]}, info)."""
    t0 = time.monotonic()
    m = cp_model.CpModel()
    x = {}
    by_offer = defaultdict(list)
    days = {}
    z3 = {}
    for p in pupils:
        by_date, by_field = defaultdict(list), defaultdict(list)
        for oid, r in p.candidates:
            v = m.new_bool_var("")
            x[p.id, oid] = (v, r)
            o = problem.offers[oid]
            by_date[o.date].append(v)
            by_field[o.field].append(v)
            by_offer[oid].append(v)
        for vs in list(by_date.values()) + list(by_field.values()):
            if len(vs) > 1:
                m.add_at_most_one(vs)
        days[p.id] = p.fixed + sum(v for oid, _r in p.candidates for v in (x[p.id, oid][0],))
        z = m.new_bool_var("")
        z3[p.id] = z
        need = DAYS - p.fixed
        if len(by_date) < need:
            m.add(z == 0)
        elif len(by_date) == need:
            # as many candidate dates as days needed: three days means a day on each of them (a much tighter
            # LP relaxation than the sum below, which is what lets the solver prove optimality fast)
            for vs in by_date.values():
                m.add(z <= sum(vs))
        else:
            m.add(days[p.id] >= DAYS * z)
    for oid, vs in by_offer.items():
        cap = problem.offers[oid].capacity
        if cap < len(vs):
            m.add(sum(vs) <= cap)

    def set_hint(chosen: dict[int, set[int]], extra=()):
        m.clear_hints()
        for (pid, oid), (v, _r) in x.items():
            m.add_hint(v, oid in chosen.get(pid, ()))
        for p in pupils:
            m.add_hint(z3[p.id], p.fixed + len(chosen.get(p.id, ())) >= DAYS)
        for var, val in extra:
            m.add_hint(var, val)

    def read(solver) -> dict[int, set[int]]:
        return {p.id: {oid for oid, _r in p.candidates if solver.boolean_value(x[p.id, oid][0])} for p in pupils}

    def left():
        return max(0.5, time_limit - (time.monotonic() - t0))

    n = len(pupils)
    info: dict[str, int | str] = {"pupils": n, "variables": len(x)}
    chosen = {pid: {o for o, _r in got} for pid, got in hint.items()}
    # stage A: pupils with three days
    set_hint(chosen)
    total3 = sum(z3.values())
    m.maximize(total3)
    s = _solver(left() * 0.5, seed, workers)
    st = s.solve(m)
    info["stage1"] = s.status_name(st)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {pid: hint.get(pid, []) for pid in z3}, {**info, "fallback": "greedy"}
    v3 = int(round(s.objective_value))
    info["three_days"] = v3
    info["three_days_bound"] = int(s.best_objective_bound + 1e-6)
    chosen = read(s)
    m.add(total3 >= v3)
    # stage B: then pupils with two days, then with one (only when someone has fewer than three)
    if v3 < n:
        z2 = {p.id: m.new_bool_var("") for p in pupils}
        z1 = {p.id: m.new_bool_var("") for p in pupils}
        for p in pupils:
            m.add(days[p.id] >= 2 * z2[p.id])
            m.add(days[p.id] >= z1[p.id])
        lex = (n + 1) * sum(z2.values()) + sum(z1.values())
        m.maximize(lex)
        extra = []
        for p in pupils:
            k = p.fixed + len(chosen.get(p.id, ()))
            extra += [(z2[p.id], k >= 2), (z1[p.id], k >= 1)]
        set_hint(chosen, extra)
        s = _solver(left() * 0.4, seed + 1, workers)
        st = s.solve(m)
        info["stage2"] = s.status_name(st)
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            m.add(lex >= int(round(s.objective_value)))
            chosen = read(s)
    # stage C: wish ranks (first wishes count most), ties by the seeded lottery
    m.minimize(sum(cost(seed, pid, oid, r) * v for (pid, oid), (v, r) in x.items()))
    set_hint(chosen)
    s = _solver(left(), seed + 2, workers)
    st = s.solve(m)
    info["stage3"] = s.status_name(st)
    if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = read(s)
    ranks = {(p.id, oid): r for p in pupils for oid, r in p.candidates}
    return {pid: [(oid, ranks[pid, oid]) for oid in sorted(oids)] for pid, oids in chosen.items()}, info


EXACT_PART = 400  # parts up to this many pupils go to CP-SAT whole; bigger ones are polished in neighbourhoods
NEIGHBOURHOOD = 160


def _key(problem: Problem, pupils, got, seed) -> tuple:
    ks = Counter(min(DAYS, p.fixed + len(got.get(p.id, ()))) for p in pupils)
    c = sum(cost(seed, p.id, o, r) for p in pupils for o, r in got.get(p.id, ()))
    return (ks[3], ks[2], ks[1], -c)


def polish(
    problem: Problem, pupils: list[PupilIn], got: dict, seed: int, deadline: float, workers: int, infos: list
) -> dict:
    """Large neighbourhood search with CP-SAT: around a pupil with fewer than three days, take the pupils who sit
    on its candidate offers (and theirs), free their seats, solve that neighbourhood exactly (lexicographic, as
    solve_part) with everyone else fixed, keep it when it is better."""
    rng = random.Random(seed)
    got = {p.id: list(got.get(p.id, [])) for p in pupils}
    by_id = {p.id: p for p in pupils}
    holders = defaultdict(set)
    for pid, days in got.items():
        for oid, _r in days:
            holders[oid].add(pid)
    tried: set[int] = set()
    while time.monotonic() < deadline - 1.0:
        unhappy = [
            p.id
            for p in pupils
            if p.fixed + len(got[p.id]) < DAYS
            and p.id not in tried
            and len({problem.offers[o].date for o, _r in p.candidates}) >= DAYS - p.fixed
        ]
        if not unhappy:
            break
        start = rng.choice(unhappy)
        tried.add(start)
        hood = [start]
        seen = {start}
        frontier = [start]
        while frontier and len(hood) < NEIGHBOURHOOD:
            nxt = []
            for pid in frontier:
                for oid, _r in by_id[pid].candidates:
                    for other in sorted(holders[oid]):
                        if other not in seen and len(hood) < NEIGHBOURHOOD:
                            seen.add(other)
                            hood.append(other)
                            nxt.append(other)
            frontier = nxt
        sub_pupils = [by_id[pid] for pid in hood]
        outside = Counter(oid for oid, hs in holders.items() for h in hs if h not in seen)
        sub_offers = {
            oid: OfferIn(
                oid,
                problem.offers[oid].date,
                problem.offers[oid].field,
                problem.offers[oid].capacity - outside.get(oid, 0),
            )
            for p in sub_pupils
            for oid, _r in p.candidates
        }
        sub = Problem(pupils=sub_pupils, offers=sub_offers)
        before = _key(sub, sub_pupils, got, seed)
        limit = min(6.0, deadline - time.monotonic() - 0.5)
        if limit < 0.5:
            break
        sol, info = solve_part(sub_pupils, sub, seed, {pid: got[pid] for pid in hood}, limit, workers=workers)
        infos.append({**info, "neighbourhood": True})
        if _key(sub, sub_pupils, sol, seed) > before:
            for pid in hood:
                for oid, _r in got[pid]:
                    holders[oid].discard(pid)
                got[pid] = list(sol.get(pid, []))
                for oid, _r in got[pid]:
                    holders[oid].add(pid)
            tried -= set(hood)
            tried.discard(start)
    return got


def allocate(
    problem: Problem,
    *,
    seed: int,
    time_limit_s: float = 60,
    workers: int = 2,
    progress: Callable[[int, str], None] | None = None,
) -> Result:
    """Greedy start → date-wise min-cost flows (improve) → CP-SAT: whole for small parts, in neighbourhoods for
    big ones → a last round of flows. Every step keeps the lexicographic order, none makes it worse."""
    t0 = time.monotonic()
    deadline = t0 + time_limit_s
    progress = progress or _no_progress
    hint = greedy_complete(problem, seed)
    progress(3, "Startlösung")
    hint = improve(problem, hint, seed, deadline=t0 + time_limit_s * 0.45)
    parts = components(problem)
    total = sum(len(g) for g in parts) or 1
    progress(10, f"{len(parts)} Teilprobleme, {total} Schüler*innen")
    got: dict[int, list[tuple[int, int]]] = {}
    infos: list[dict] = []
    done = 0
    reserve = min(8.0, 0.15 * time_limit_s)  # for the last round of flows
    for g in parts:
        remaining_time = deadline - reserve - time.monotonic()
        share = max(0.3, remaining_time * len(g) / max(1, total - done))
        part_hint = {p.id: hint.get(p.id, []) for p in g}
        if len(g) <= EXACT_PART:
            sol, info = solve_part(g, problem, seed, part_hint, share, workers=workers if len(g) > 50 else 1)
            if _key(problem, g, sol, seed) < _key(problem, g, part_hint, seed):
                sol = part_hint
            infos.append(info)
        else:
            sol = polish(problem, g, part_hint, seed, time.monotonic() + share, workers, infos)
        got.update(sol)
        done += len(g)
        progress(10 + int(85 * done / total), f"{done} von {total} Schüler*innen verteilt")
    # a last pass of the date-wise flows: never worse (lexicographic per date), often settles a pupil or a rank
    got = improve(problem, got, seed, rounds=2, deadline=deadline)
    assignments = [(pid, oid, r) for pid, days in sorted(got.items()) for oid, r in days]
    bound = flow_bound(problem)
    figures = figures_for(problem, got, bound=bound)
    exact = [i for i in infos if not i.get("neighbourhood")]
    figures["seconds"] = round(time.monotonic() - t0, 1)
    figures["seed"] = seed
    figures["parts"] = len(parts)
    figures["neighbourhoods"] = len(infos) - len(exact)
    figures["optimal"] = (
        bool(parts)
        and len(exact) == len(parts)
        and all(i.get("stage1") == "OPTIMAL" and i.get("stage3", "OPTIMAL") == "OPTIMAL" for i in exact)
    )
    figures["statuses"] = sorted({"/".join(i.get(k, "-") for k in ("stage1", "stage2", "stage3")) for i in infos})
    progress(99, "fertig")
    return Result(assignments=assignments, figures=figures)


def figures_for(problem: Problem, got: dict[int, list[tuple[int, int]]], *, bound: int | None = None) -> dict:
    """The run's figures: pupils with 3/2/1/0 days, days, bound, first wishes, seats filled."""
    counts = [0, 0, 0, 0]
    days = 0
    first = 0
    with_wishes = 0
    for p in problem.pupils:
        k = min(DAYS, p.fixed + len(got.get(p.id, ())))
        counts[k] += 1
        days += k
        if p.n_wishes:
            with_wishes += 1
            if any(r == 1 for _o, r in got.get(p.id, ())):
                first += 1
    seats = sum(o.capacity for o in problem.offers.values()) + sum(p.fixed for p in problem.pupils)
    bound = flow_bound(problem) if bound is None else bound
    return {
        "pupils": len(problem.pupils),
        "three_days": counts[3],
        "two": counts[2],
        "one": counts[1],
        "none": counts[0],
        "days": days,
        "bound": bound,
        "share_of_bound": round(100.0 * days / bound, 2) if bound else 100.0,
        "first_wish": round(100.0 * first / with_wishes, 1) if with_wishes else 0.0,
        "seats_filled": round(100.0 * days / seats, 1) if seats else 0.0,
    }


def summary_line(f: dict, *, seconds: float, peak_mb: float) -> str:
    return (
        f"pupils={f['pupils']} three_days={f['three_days']} two={f['two']} one={f['one']} none={f['none']} "
        f"bound={f['bound']} share_of_bound={f['share_of_bound']:.2f}% first_wish={f['first_wish']:.1f}% "
        f"seats_filled={f['seats_filled']:.1f}% seconds={seconds:.1f} peak_mb={peak_mb:.0f}"
    )
