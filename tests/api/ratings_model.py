"""ratings_model.py - pairbox's skill rating written again in Python, apart
from the server's C (room/rating.c), from the formulas of docs/ratings.md:
Glicko-2 as Glickman's "Example of the Glicko-2 system" (2013) gives it,
and how a pair session becomes a game. test_ratings.py checks the server's
figures against it; tests/unit/room/test_rating.c's outcome table was made
with it (python3 ratings_model.py prints that table).

    st = start(1500)                       # a user's state before any session
    st = apply(st, Session(ended_ms, "easy", tests=0.6, feedback=4.25))
"""
import math
from dataclasses import dataclass, replace

SCALE = 173.7178
TAU = 0.5
EPSILON = 0.000001
INITIAL_RD = 350.0
INITIAL_VOL = 0.06
PERIOD_MS = 7 * 24 * 3600 * 1000
PROBLEM = {"easy": 1200.0, "medium": 1500.0, "hard": 1800.0}
PROBLEM_RD = 100.0
TESTS_WEIGHT = 0.7


def g(phi):
    return 1 / math.sqrt(1 + 3 * phi * phi / (math.pi * math.pi))


def expect(mu, mu_j, phi_j):
    return 1 / (1 + math.exp(-g(phi_j) * (mu - mu_j)))


def update(rating, rd, vol, games, tau=TAU):
    """One rating period: games is [(rating, rd, score)]. (rating, rd, vol) after it."""
    mu, phi = (rating - 1500) / SCALE, rd / SCALE
    if not games:
        return rating, SCALE * math.sqrt(phi * phi + vol * vol), vol
    v_inv, delta_sum = 0.0, 0.0
    for r_j, rd_j, s in games:
        mu_j, phi_j = (r_j - 1500) / SCALE, rd_j / SCALE
        e = expect(mu, mu_j, phi_j)
        v_inv += g(phi_j) ** 2 * e * (1 - e)
        delta_sum += g(phi_j) * (s - e)
    v = 1 / v_inv
    delta = v * delta_sum
    a = math.log(vol * vol)

    def f(x):
        ex = math.exp(x)
        return ex * (delta * delta - phi * phi - v - ex) / (2 * (phi * phi + v + ex) ** 2) - (x - a) / (tau * tau)

    A = a
    if delta * delta > phi * phi + v:
        B = math.log(delta * delta - phi * phi - v)
    else:
        k = 1
        while f(a - k * tau) < 0:
            k += 1
        B = a - k * tau
    fA, fB = f(A), f(B)
    while abs(B - A) > EPSILON:
        C = A + (A - B) * fA / (fB - fA)
        fC = f(C)
        if fC * fB <= 0:
            A, fA = B, fB
        else:
            fA /= 2
        B, fB = C, fC
    vol2 = math.exp(A / 2)
    phi_star = math.sqrt(phi * phi + vol2 * vol2)
    phi2 = 1 / math.sqrt(1 / (phi_star * phi_star) + 1 / v)
    mu2 = mu + phi2 * phi2 * delta_sum
    return SCALE * mu2 + 1500, SCALE * phi2, vol2


@dataclass
class State:
    rating: float
    rd: float
    vol: float
    games: int
    updated_ms: int


@dataclass
class Session:
    ended_ms: int
    difficulty: str
    tests: float
    feedback: float = None        # the mean of the four scores received (1..5), None: none


def start(seed):
    return State(float(seed), INITIAL_RD, INITIAL_VOL, 0, 0)


def score(tests, feedback):
    if feedback is None:
        return tests
    return TESTS_WEIGHT * tests + (1 - TESTS_WEIGHT) * (feedback - 1) / 4


def idle_rd(st, now_ms):
    """The RD grown by the rating periods (pro rata) since the state's last session, at most 350."""
    if not st.games or now_ms <= st.updated_ms:
        return st.rd
    t = (now_ms - st.updated_ms) / PERIOD_MS
    phi, vol = st.rd / SCALE, st.vol
    return min(INITIAL_RD, SCALE * math.sqrt(phi * phi + t * vol * vol))


def apply(st, s):
    rd = idle_rd(st, s.ended_ms)
    r, rd2, vol = update(st.rating, rd, st.vol,
                         [(PROBLEM.get(s.difficulty, 1500.0), PROBLEM_RD, score(s.tests, s.feedback))])
    return replace(st, rating=r, rd=rd2, vol=vol, games=st.games + 1, updated_ms=max(st.updated_ms, s.ended_ms))


if __name__ == "__main__":
    # Glickman's example, then the unit test's table: a prior state, a session, what follows.
    print("glickman", update(1500, 200, 0.06, [(1400, 30, 1), (1550, 100, 0), (1700, 300, 0)]))
    DAY = 24 * 3600 * 1000
    rows = [
        (1500, 350, 0.06, 0, "easy", 1.0, None),
        (1500, 350, 0.06, 0, "medium", 0.0, None),
        (1200, 350, 0.06, 0, "hard", 0.6, 4.25),
        (1800, 120, 0.06, 7 * DAY, "medium", 0.4, 2.0),
        (1650, 80, 0.05, 30 * DAY, "hard", 1.0, 5.0),
        (1400, 60, 0.06, 365 * DAY, "easy", 0.2, 1.0),
        (1500, 50, 0.06, 0, "hard", 1.0, 5.0),
    ]
    for rating, rd, vol, idle, diff, tests, fb in rows:
        st = State(rating, rd, vol, 1, 1_000_000)
        after = apply(st, Session(1_000_000 + idle, diff, tests, fb))
        print(f"\t{{ {rating}, {rd}, {vol}, {idle // DAY}, \"{diff}\", {tests}, {fb if fb is not None else 0}, "
              f"{after.rating:.4f}, {after.rd:.4f}, {after.vol:.7f} }},")
