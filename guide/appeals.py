"""The decisions a person can appeal, with their legal basis, and the last day an appeal must arrive (domain.md §5).

Kept as data so that a new kind of decision is one more entry, not a code change. Only decisions about the person
themselves can be appealed; the appeal is addressed to the administrative court (förvaltningsrätten) but sent to
the authority that made the decision, which checks that it arrived in time (förvaltningslagen 45 §).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.calendar import next_working_day

# förvaltningslagen (2017:900) 44 §: the appeal must arrive within three weeks of the day the decision was received.
APPEAL_PERIOD = timedelta(weeks=3)


@dataclass(frozen=True)
class AppealableDecision:
    key: str
    label: Promise
    law: str  # "SoL" or "LSS"
    legal_basis: str  # the provision that makes it appealable, as written in Swedish law citations
    easy_label: Promise | None = None  # what the easy-to-read pages call it: no law, no abbreviation


SOL_BASIS = "SoL (2025:400) 35 kap. 1 §"
LSS_BASIS = "LSS (1993:387) 27 §"

APPEALABLE_DECISIONS: tuple[AppealableDecision, ...] = (
    AppealableDecision(
        "sol_assistance",
        _("Refusal, wholly or partly, of an application for assistance under the Social Services Act (SoL)"),
        "SoL",
        SOL_BASIS,
        easy_label=_("You were refused help that you asked for"),
    ),
    AppealableDecision(
        "fee_home_care",
        _("The fee for home care"),
        "SoL",
        SOL_BASIS,
        easy_label=_("You think the fee for home care is wrong"),
    ),
    AppealableDecision(
        "fee_elderly_housing",
        _("The fee for elderly housing"),
        "SoL",
        SOL_BASIS,
        easy_label=_("You think the fee for a home for older people is wrong"),
    ),
    AppealableDecision(
        "lss_1",
        _("LSS: refusal of counselling and other personal support"),
        "LSS",
        f"{LSS_BASIS}, 9 § 1",
    ),
    AppealableDecision(
        "lss_2",
        _("LSS: refusal of personal assistance, or of financial support for it"),
        "LSS",
        f"{LSS_BASIS}, 9 § 2",
    ),
    AppealableDecision("lss_3", _("LSS: refusal of an escort service"), "LSS", f"{LSS_BASIS}, 9 § 3"),
    AppealableDecision("lss_4", _("LSS: refusal of a contact person"), "LSS", f"{LSS_BASIS}, 9 § 4"),
    AppealableDecision(
        "lss_5", _("LSS: refusal of relief service in the home"), "LSS", f"{LSS_BASIS}, 9 § 5"
    ),
    AppealableDecision(
        "lss_6", _("LSS: refusal of a short stay away from home"), "LSS", f"{LSS_BASIS}, 9 § 6"
    ),
    AppealableDecision(
        "lss_7",
        _("LSS: refusal of short-term supervision for schoolchildren over 12"),
        "LSS",
        f"{LSS_BASIS}, 9 § 7",
    ),
    AppealableDecision(
        "lss_8",
        _("LSS: refusal of a foster home or a residence with special service for children or young people"),
        "LSS",
        f"{LSS_BASIS}, 9 § 8",
    ),
    AppealableDecision(
        "lss_9",
        _("LSS: refusal of a residence with special service for adults, or other specially adapted housing"),
        "LSS",
        f"{LSS_BASIS}, 9 § 9",
    ),
    AppealableDecision("lss_10", _("LSS: refusal of daily activities"), "LSS", f"{LSS_BASIS}, 9 § 10"),
)

# The easy-to-read pages ask the same in four answers, without the law: the ten kinds of LSS support are one answer
# there, whose letter cites LSS 27 § without the point of 9 § (the court needs no more to try the appeal).
LSS_SUPPORT = AppealableDecision(
    "lss",
    _("LSS: refusal of support under LSS"),
    "LSS",
    LSS_BASIS,
    easy_label=_("You have a disability and were refused support that you asked for"),
)
EASY_APPEALABLE_DECISIONS: tuple[AppealableDecision, ...] = (
    APPEALABLE_DECISIONS[0],
    LSS_SUPPORT,
    APPEALABLE_DECISIONS[1],
    APPEALABLE_DECISIONS[2],
)

DECISIONS_BY_KEY = {decision.key: decision for decision in (*APPEALABLE_DECISIONS, LSS_SUPPORT)}


def appeal_last_day(received: date) -> date:
    """The last day the appeal must arrive at the authority.

    Three weeks from the day the decision was received (förvaltningslagen 44 §); a last day that falls on a
    Saturday, Sunday, public holiday, Midsummer Eve, Christmas Eve or New Year's Eve moves to the next working
    day (lag 1930:173 om beräkning av lagstadgad tid).
    """
    return next_working_day(received + APPEAL_PERIOD)
