"""The names of things: statuses, locations, tiers, topics, reasons, strategies, flags.

Tables hold the English words marked with ``N_`` (so the catalogue has them); the functions
translate them when asked, so a switch of language takes effect at once.
"""

from __future__ import annotations

from planner.domain.load import DayStatus
from planner.domain.models import Language, Location, Meeting, Reason, Status, Strategy, Tier, Topic
from planner.formats import duration
from planner.i18n import N_, _

_DAY_STATUS = {DayStatus.OK: N_("ok"), DayStatus.BUSY: N_("busy"), DayStatus.OVERLOADED: N_("overloaded")}
_LOCATION = {
    Location.CLIENT_SITE: N_("client site"),
    Location.OUR_OFFICE: N_("our office"),
    Location.VIDEO: N_("video"),
    Location.PHONE: N_("phone"),
}
_WHERE = {
    Location.CLIENT_SITE: N_("at their site"),
    Location.OUR_OFFICE: N_("at your office"),
    Location.VIDEO: N_("by video"),
    Location.PHONE: N_("by phone"),
}
_TIER = {Tier.KEY: N_("key"), Tier.IMPORTANT: N_("important"), Tier.REGULAR: N_("regular"), Tier.MINOR: N_("minor")}
_TOPIC = {Topic.ROUTINE: N_("routine"), Topic.IMPORTANT: N_("important")}
_STATUS = {
    Status.PLANNED: N_("planned"),
    Status.KEPT: N_("kept"),
    Status.PHONE: N_("by phone"),
    Status.SHORTENED: N_("shortened"),
    Status.EMAIL: N_("by email"),
    Status.DELEGATED: N_("delegated"),
    Status.RESCHEDULED: N_("rescheduled"),
    Status.CANCELLED: N_("cancelled"),
}
_REASON = {
    Reason.WORKLOAD: N_("My workload is too heavy for another meeting"),
    Reason.CONFLICT: N_("Something else came up"),
    Reason.REPETITIVE: N_("The meetings have become repetitive"),
    Reason.SICK: N_("I'm sick, or there's an emergency"),
    Reason.DISLIKE: N_("Honestly, I'd rather not"),
}
_STRATEGY = {
    Strategy.KEEP: N_("Keep the meeting"),
    Strategy.PHONE: N_("Make it a call"),
    Strategy.SHORTER: N_("Make it shorter"),
    Strategy.EMAIL: N_("Replace it with an email (for now)"),
    Strategy.DELEGATE: N_("Let your colleague go without you"),
    Strategy.RESCHEDULE: N_("Move it to another time"),
    Strategy.CANCEL: N_("Cancel it, offering new times"),
    Strategy.LESS_OFTEN: N_("Meet less often for a while"),
}
_STRATEGY_SHORT = {
    Strategy.KEEP: N_("kept"),
    Strategy.PHONE: N_("call"),
    Strategy.SHORTER: N_("shorter"),
    Strategy.EMAIL: N_("email"),
    Strategy.DELEGATE: N_("colleague goes"),
    Strategy.RESCHEDULE: N_("new time"),
    Strategy.CANCEL: N_("cancelled"),
    Strategy.LESS_OFTEN: N_("less often"),
}
_FLAG = {
    "double-booked": N_("double-booked"),
    "back-to-back": N_("back-to-back"),
    "after-hours": N_("after hours"),
    "travel": N_("travel"),
}
_LANGUAGE = {Language.EN: N_("English"), Language.DA: N_("Danish")}  # a client's, for messages


def day_status(status: DayStatus) -> str:
    return _(_DAY_STATUS[status])


def location(value: Location) -> str:
    return _(_LOCATION[value])


def where(value: Location) -> str:
    """``at their site``, ``by video`` ..."""
    return _(_WHERE[value])


def tier(value: Tier) -> str:
    return _(_TIER[value])


def topic(value: Topic) -> str:
    return _(_TOPIC[value])


def status(value: Status) -> str:
    return _(_STATUS[value])


def reason(value: Reason) -> str:
    return _(_REASON[value])


def strategy(value: Strategy) -> str:
    return _(_STRATEGY[value])


def strategy_short(value: Strategy) -> str:
    """A strategy in a word or two, for a narrow column ("call", "new time")."""
    return _(_STRATEGY_SHORT[value])


def flag(name: str) -> str:
    return _(_FLAG.get(name, name))


def language_name(value: Language) -> str:
    return _(_LANGUAGE[value])


def location_words(meeting: Meeting) -> str:
    """``client site, 35 min travel each way`` (travel only for client-site meetings)."""
    words = location(meeting.location)
    if meeting.travel_each_way:
        words = _("{where}, {travel} travel each way").format(
            where=words, travel=duration(meeting.travel_each_way)
        )
    return words
