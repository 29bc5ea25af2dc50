"""Whether a count rose above its own usual level: the test behind the patterns across units (issue 18.6;
docs/decisions/0033).

A unit (or a category, or a unit and a category) received `recent` cases in the last `recent_months` and `past`
in the `past_months` before them. If its rate had not changed, each of the `recent + past` cases would have fallen
in the recent months with the probability `recent_months / (recent_months + past_months)`, whatever the rate was:
so, given their sum, `recent` is binomial (the conditional test of two Poisson counts, the exact test that needs
no estimate of the rate). The p-value is the chance of `recent` or more under that binomial. A count rises when

- it is at least `MIN_RECENT` (a handful of cases is never a pattern, however few came before), and
- its p-value is at most `ALPHA` (strict, since many units and categories are tested at once).

Pure Python, exact: the tail is summed term by term from logarithms, so it holds for tens of thousands of cases.
"""

import math
from dataclasses import dataclass

# The fewest cases in the recent period that can make a pattern.
MIN_RECENT = 5
# The largest p-value that counts as a rise. With some hundred units and categories tested, 0.01 lets about one
# in a hundred steady ones through by chance; the minimum count keeps the small ones out altogether.
ALPHA = 0.01


def upper_tail(successes: int, trials: int, probability: float) -> float:
    """P(X >= successes) for X binomial(trials, probability); exact to floating point."""
    if successes <= 0:
        return 1.0
    if successes > trials:
        return 0.0
    if probability <= 0:
        return 0.0
    if probability >= 1:
        return 1.0
    log_p, log_q = math.log(probability), math.log1p(-probability)
    log_term = (
        math.lgamma(trials + 1)
        - math.lgamma(successes + 1)
        - math.lgamma(trials - successes + 1)
        + successes * log_p
        + (trials - successes) * log_q
    )
    total = 0.0
    term = math.exp(log_term)
    ratio_odds = probability / (1 - probability)
    for k in range(successes, trials + 1):
        total += term
        # The next term; once the terms fall (past the mode) and are negligible, the rest cannot matter.
        term *= (trials - k) / (k + 1) * ratio_odds
        if term < total * 1e-17 and k + 1 > trials * probability:
            break
    return min(total, 1.0)


@dataclass(frozen=True)
class Rise:
    recent: int
    past: int
    recent_months: int
    past_months: int

    @property
    def share_of_time(self) -> float:
        return self.recent_months / (self.recent_months + self.past_months)

    @property
    def expected(self) -> float:
        """The recent count to expect at the past rate."""
        return self.past * self.recent_months / self.past_months

    @property
    def recent_per_month(self) -> float:
        return self.recent / self.recent_months

    @property
    def past_per_month(self) -> float:
        return self.past / self.past_months

    @property
    def p_value(self) -> float:
        return upper_tail(self.recent, self.recent + self.past, self.share_of_time)

    @property
    def rose(self) -> bool:
        return self.recent >= MIN_RECENT and self.recent > self.expected and self.p_value <= ALPHA


def rise(*, recent: int, past: int, recent_months: int, past_months: int) -> Rise:
    if recent < 0 or past < 0 or recent_months < 1 or past_months < 1:
        raise ValueError("counts must be 0 or more, and periods at least one month")
    return Rise(recent=recent, past=past, recent_months=recent_months, past_months=past_months)
