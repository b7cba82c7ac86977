"""The Entdeckertage allocation: OR-Tools CP-SAT, lexicographic, with a seeded lottery and an upper bound.

Model (per independent part of the problem; pupils of different blocks never share offers, so the problem
falls apart into at least one part per block, solved one after the other):
  x[p,o] ∈ {0,1} for every candidate (a wish, or with the opt-in a reachable offer in the pupil's fields);
  per pupil at most one x per date and at most one per Berufsfeld; per offer Σ x ≤ free seats;
  minimum age and the block are already in the candidate lists (problem.py);
  n_p = fixed_p + Σ_o x[p,o] = z1 + z2 + z3 with z3 ≤ z2 ≤ z1 (z_k = "the pupil has at least k days").
Objective, lexicographic: #pupils with 3 days, then with 2, then with 1 (= Σz3, Σz2, Σz1 in that order:
with Σz3 fixed, #2 = Σz2 − Σz3 grows with Σz2, and so on), then the wish ranks.
  Stage 1 maximises W3·Σz3 + W2·Σz2 + Σz1 with W2 = N+1, W3 = (N+1)² (exact lexicographic order for N pupils).
  Stage 2 keeps stage 1's value (≥ the value found) and minimises Σ cost·x, cost = 100·(rank−1) + a lottery
  number in [0, 50) drawn from the run's seed per (pupil, offer): first wishes count most, ties go by lottery.
Both stages start from a greedy solution (rounds in lottery order, one day per pupil per round) as a hint, use
at most 2 workers and share the run's time limit in proportion to each part's size.

Upper bound (reported with every run): a maximum flow of pupil-days without the different-fields rule
(source → pupil [3 − fixed] → pupil·date [1] → offer [free seats] → sink), plus the fixed days. No allocation can
give more days; share_of_bound = days given / bound. The solver's own proven bound on pupils with three days is
reported too (three_days_bound).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.graph.python import max_flow
from ortools.sat.python import cp_model

from .problem import Problem, PupilIn

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


def greedy(problem: Problem, seed: int, *, rounds: bool = True) -> dict[int, list[tuple[int, int]]]:
    """Pupils in lottery order. rounds=True: one day per pupil per round (a fair hint for the solver);
    rounds=False: first come, first served: each pupil takes all their best free wishes at once."""
    order = [p for p in problem.pupils if p.candidates]
    random.Random(seed).shuffle(order)
    free = {o.id: o.capacity for o in problem.offers.values()}
    dates, fields, got = defaultdict(set), defaultdict(set), defaultdict(list)
    if rounds:
        for k in range(1, DAYS + 1):
            for p in order:
                _take(p, problem, free, dates, fields, got, k - p.fixed)
    else:
        for p in order:
            _take(p, problem, free, dates, fields, got, DAYS - p.fixed)
    return got


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
    """Solve one independent part. Returns ({pupil: [(offer, rank)]}, info)."""
    m = cp_model.CpModel()
    x = {}
    by_offer = defaultdict(list)
    z = {}
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
        z1, z2, z3 = m.new_bool_var(""), m.new_bool_var(""), m.new_bool_var("")
        m.add_implication(z3, z2)
        m.add_implication(z2, z1)
        m.add(p.fixed + sum(x[p.id, oid][0] for oid, _r in p.candidates) == z1 + z2 + z3)
        if p.fixed == 0 and len(by_date) == DAYS:
            # a block of three dates: three days means one on each date, two days leave at most one date empty.
            # Redundant for the integer model, but they make the LP relaxation (and so the search) much tighter.
            sums = [sum(vs) for vs in by_date.values()]
            for sd in sums:
                m.add(z3 <= sd)
            for i in range(DAYS):
                for j in range(i + 1, DAYS):
                    m.add(z2 <= sums[i] + sums[j])
        z[p.id] = (z1, z2, z3)
    for oid, vs in by_offer.items():
        cap = problem.offers[oid].capacity
        if cap < len(vs):
            m.add(sum(vs) <= cap)
    n = len(pupils)
    w2, w3 = n + 1, (n + 1) ** 2
    lex = sum(w3 * z3 + w2 * z2 + z1 for z1, z2, z3 in z.values())

    def add_hint(chosen: dict[int, set[int]]):
        m.clear_hints()
        for (pid, oid), (v, _r) in x.items():
            m.add_hint(v, oid in chosen.get(pid, ()))
        for p in pupils:
            k = p.fixed + len(chosen.get(p.id, ()))
            for i, zv in enumerate(z[p.id], start=1):
                m.add_hint(zv, k >= i)

    add_hint({pid: {o for o, _r in got} for pid, got in hint.items()})
    m.maximize(lex)
    t0 = time.monotonic()
    s1 = _solver(time_limit * 0.55, seed, workers)
    st1 = s1.solve(m)
    info = {"pupils": n, "variables": len(x), "stage1": s1.status_name(st1)}
    if st1 not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {pid: got for pid, got in hint.items() if pid in z}, {**info, "fallback": "greedy"}
    best = int(round(s1.objective_value))
    info["three_days_bound"] = int(s1.best_objective_bound) // w3
    chosen = {
        pid: {oid for oid, _r in p.candidates if s1.boolean_value(x[pid, oid][0])}
        for pid, p in ((p.id, p) for p in pupils)
    }
    sol1 = {pid: [(oid, x[pid, oid][1]) for oid in oids] for pid, oids in chosen.items()}

    m.add(lex >= best)
    m.minimize(sum(cost(seed, pid, oid, r) * v for (pid, oid), (v, r) in x.items()))
    add_hint(chosen)
    rest = max(1.0, time_limit - (time.monotonic() - t0))
    s2 = _solver(rest, seed + 1, workers)
    st2 = s2.solve(m)
    info["stage2"] = s2.status_name(st2)
    if st2 not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return sol1, info
    out = {}
    for p in pupils:
        out[p.id] = [(oid, r) for oid, r in p.candidates if s2.boolean_value(x[p.id, oid][0])]
    return out, info


def allocate(
    problem: Problem,
    *,
    seed: int,
    time_limit_s: float = 60,
    workers: int = 2,
    progress: Callable[[int, str], None] | None = None,
) -> Result:
    t0 = time.monotonic()
    progress = progress or (lambda pct, note="": None)
    hint = greedy(problem, seed, rounds=True)
    parts = components(problem)
    total = sum(len(g) for g in parts) or 1
    progress(5, f"{len(parts)} Teilprobleme, {total} Schüler*innen")
    got: dict[int, list[tuple[int, int]]] = {}
    infos = []
    done = 0
    budget = max(1.0, time_limit_s - (time.monotonic() - t0) - 1.0)
    for g in parts:
        remaining_time = budget - (time.monotonic() - t0)
        remaining_size = total - done
        share = max(0.2, remaining_time * len(g) / max(1, remaining_size))
        part_hint = {p.id: hint.get(p.id, []) for p in g}
        sol, info = solve_part(g, problem, seed, part_hint, share, workers=workers if len(g) > 50 else 1)
        got.update(sol)
        infos.append(info)
        done += len(g)
        progress(5 + int(90 * done / total), f"{done} von {total} Schüler*innen verteilt")
    assignments = [(pid, oid, r) for pid, days in sorted(got.items()) for oid, r in days]
    bound = flow_bound(problem)
    figures = figures_for(problem, got, bound=bound)
    figures["seconds"] = round(time.monotonic() - t0, 1)
    figures["seed"] = seed
    figures["parts"] = len(parts)
    figures["three_days_bound"] = sum(i.get("three_days_bound", i.get("pupils", 0)) for i in infos)
    figures["optimal"] = all(i.get("stage1") == "OPTIMAL" for i in infos if "stage1" in i)
    figures["statuses"] = sorted({f"{i.get('stage1', '-')}/{i.get('stage2', '-')}" for i in infos})
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
