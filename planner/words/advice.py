"""The advice (planner.domain.advice) in words: why each option, its warnings, what it costs and
clears, and what the meeting clashes with."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from planner.domain.advice import Advice, Clash, Suggestion, Warning
from planner.domain.advice.facts import RECENT_WEEKS
from planner.domain.advice.situation import Situation
from planner.domain.models import Location, Strategy, Tier
from planner.formats import clock, duration, percent, short_date, time_span
from planner.i18n import N_, _, ngettext
from planner.words import common

_RESOLVES = {
    "overloaded": N_("overloaded"), "busy": N_("busy"), "double-booked": N_("double-booked"),
    "back-to-back": N_("back-to-back"), "no-focus": N_("no focus time"), "week-overloaded": N_("week overloaded"),
}


# Whole phrases, not "a {tier} client": the article and the word order are the language's
# ("an important client"; "en nøglekunde").
_A_CLIENT = {Tier.KEY: N_("a key client"), Tier.IMPORTANT: N_("an important client"),
             Tier.REGULAR: N_("a regular client"), Tier.MINOR: N_("a minor client")}


def weight_words(sit: Situation) -> str:
    """ "a key client" / "a client bringing 25 % of your business" / "a regular client"."""
    answers = sit.answers
    if answers.tier is not Tier.KEY and answers.share is not None and answers.share >= 20:
        return _("a client bringing {share} of your business").format(share=percent(answers.share))
    return _(_A_CLIENT[answers.tier])


def _often(sit: Situation) -> str:
    name = sit.client.name
    if sit.frequent:
        return ngettext("You have met {client} once in the last {weeks} weeks",
                        "You have met {client} {n} times in the last {weeks} weeks", sit.recent).format(
            client=name, n=sit.recent, weeks=RECENT_WEEKS)
    if sit.recent:
        return ngettext("You find the meetings with {client} repetitive ({n} meeting in the last {weeks} weeks)",
                        "You find the meetings with {client} repetitive ({n} meetings in the last {weeks} weeks)",
                        sit.recent).format(client=name, n=sit.recent, weeks=RECENT_WEEKS)
    return _("You find the meetings with {client} repetitive").format(client=name)


def _slots_sentence(s: Suggestion, sit: Situation) -> str:
    window = sit.settings.slot_window_days
    if s.slots:
        return ngettext("{n} free slot found in the next {days} work days.",
                        "{n} free slots found in the next {days} work days.", len(s.slots)).format(
            n=len(s.slots), days=window)
    return _("No free slot in the next {days} work days: ask them for times that suit them.").format(days=window)


def _where(location: Location) -> str:
    return _("at their office") if location is Location.CLIENT_SITE else _("at your office")


def _load_change(before, after) -> str:
    return _("{day}: {status} ({minutes}) becomes {new_status} ({new_minutes})").format(
        day=short_date(before.day), status=common.day_status(before.day_status), minutes=duration(before.day_minutes),
        new_status=common.day_status(after.day_status), new_minutes=duration(after.day_minutes))


def _keep(s: Suggestion, sit: Situation) -> str:
    if s.rule == "weighty-weak-reason":
        return _("{client} is {weight} and not wanting a meeting is a weak reason: the article says keep it.").format(
            client=sit.client.name, weight=weight_words(sit))
    if s.facts.get("under_way"):
        return _("It is under way and ends soon: see it through.")
    if s.rule == "nothing-else-fits":
        parts = [duration(sit.meeting.minutes)]
        if sit.meeting.location in (Location.VIDEO, Location.PHONE):
            parts.append(common.where(sit.meeting.location))
        if sit.meeting.led_by_me:
            parts.append(_("you lead it"))
        if not sit.answers.flexible:
            parts.append(_("the client is not flexible"))
        return _("No alternative fits ({facts}): keep the meeting.").format(facts=", ".join(parts))
    return _("Keep it as planned: it frees no time.")  # (what it costs is the line below)


def _call(s: Suggestion, sit: Situation) -> str:
    f = s.facts
    if s.rule == "shorter-call":
        text = _("A {new}-min call (phone or video) instead of {length} min {where}: it frees {freed}.").format(
            new=f["new"], length=f["length"], where=common.where(f["where"]) if f["where"] is not Location.CLIENT_SITE
            else _where(f["where"]), freed=duration(s.minutes_freed))
        return text
    if s.rule == "saves-travel":
        return _("A call (phone or video) instead saves 2 × {travel} min of travel and still shows you want to talk.").format(
            travel=f["travel"])
    if f["where"] is Location.CLIENT_SITE:
        return _("A call instead of meeting at their office frees none of your time (no travel of yours to save) "
                 "but still shows you want to talk.")
    return _("A call instead of meeting at your office spares them the trip; it frees none of your time but still "
             "shows you want to talk.")


def _shorter(s: Suggestion, sit: Situation, tz: ZoneInfo) -> str:
    f = s.facts
    if s.rule == "under-way":
        return _("It is under way: wrap it up by {end} and you get {freed} back.").format(
            end=clock(f["end"], tz), freed=duration(s.minutes_freed))
    if s.rule == "repetitive":
        text = _("{often}: cover it in {new} min instead of {length} and move the rest to email or phone; it frees {freed}.").format(
            often=_often(sit), new=f["new"], length=f["length"], freed=duration(s.minutes_freed))
    else:
        text = _("A {length}-min meeting can usually be covered in {new} min; move the rest to email or phone. "
                 "It frees {freed}.").format(length=f["length"], new=f["new"], freed=duration(s.minutes_freed))
    if sit.clashes:
        span = time_span(f["new_start"], f["new_end"], tz)
        text += " " + (_("Held {span}, it no longer clashes.").format(span=span) if s.solves
                       else _("It still clashes, though."))
    return text


def _email(s: Suggestion, sit: Situation) -> str:
    f = s.facts
    if f["travel"]:
        replaced = _("{length} min of meeting and 2 × {travel} min of travel").format(length=f["length"], travel=f["travel"])
    else:
        replaced = _("{length} min of meeting").format(length=f["length"])
    if s.rule == "repetitive":
        return _("{often}, and they are flexible: a {writing}-min email replaces {replaced}, freeing {freed}.").format(
            often=_often(sit), writing=f["writing"], replaced=replaced, freed=duration(s.minutes_freed))
    return _("{client} is flexible and the topic is routine: a {writing}-min email replaces {replaced}, freeing {freed}.").format(
        client=sit.client.name, writing=f["writing"], replaced=replaced, freed=duration(s.minutes_freed))


def _delegate(s: Suggestion, sit: Situation) -> str:
    f = s.facts
    if s.rule == "colleague-leads":
        text = _("{colleague} leads this meeting, so you are not essential: equip them to speak for you and answer "
                 "{client}'s questions.")
    else:
        text = _("{colleague} can go in your place: equip them to speak for you and answer {client}'s questions.")
    return text.format(colleague=f["colleague"], client=sit.client.name) + " " + _(
        "It frees {freed} (the briefing takes about {writing} min).").format(
        freed=duration(s.minutes_freed), writing=f["writing"])


def _reschedule(s: Suggestion, sit: Situation) -> str:
    if s.rule == "reschedule-conflict":
        text = _("Moving it frees that time and keeps the meeting with {client}.").format(client=sit.client.name)
    elif s.slots and s.target_before is not None:
        text = _("Moving it frees no time, but lightens the day: {day}; {target}.").format(
            day=_load_change(s.load_before, s.load_after), target=_load_change(s.target_before, s.target_after))
    else:
        text = _("Moving it frees no time but eases the day.")
    return text + " " + _slots_sentence(s, sit)


def why(s: Suggestion, sit: Situation, tz: ZoneInfo) -> str:
    """The rule behind a suggestion, as a sentence with its numbers."""
    strategy = s.strategy
    if strategy is Strategy.KEEP:
        return _keep(s, sit)
    if strategy is Strategy.PHONE:
        return _call(s, sit)
    if strategy is Strategy.SHORTER:
        return _shorter(s, sit, tz)
    if strategy is Strategy.EMAIL:
        return _email(s, sit)
    if strategy is Strategy.DELEGATE:
        return _delegate(s, sit)
    if strategy is Strategy.RESCHEDULE:
        return _reschedule(s, sit)
    if strategy is Strategy.CANCEL:
        return _("You are ill or facing an emergency: cancelling is fair to any client, as long as you offer new "
                 "times. It frees {freed}.").format(freed=duration(s.minutes_freed)) + " " + _slots_sentence(s, sit)
    f = s.facts
    return _("It repeats: skip every other one for the next two months ({dropped} of {total}) and get about "
             "{per_month} a month back.").format(dropped=f["dropped"], total=f["dropped"] + f["kept"],
                                                  per_month=duration(f["per_month"]))


def warning(w: Warning, sit: Situation) -> str:
    code, f = w.code, w.facts
    if code == "weighty-weak-reason":
        return _("{client} is {weight} and disliking meetings is a weak reason: the article says keep this one.").format(
            client=sit.client.name, weight=weight_words(sit))
    if code == "call-later":
        return _("If something important comes up, a call may still be needed later.")
    if code == "important-cut":
        return _("An important topic: {new} min of the {length} is as short as it should get.").format(
            new=f["new"], length=f["length"])
    if code == "brief-thoroughly":
        return _("{client} weighs a lot: brief {colleague} thoroughly.").format(
            client=sit.client.name, colleague=f["colleague"])
    if code == "no-slots":
        return _("No free time found: the client will have to propose a time.")
    if code == "short-notice":
        return _("It is less than a day away: at short notice this is harder on {client}.").format(client=sit.client.name)
    return code


def warnings(s: Suggestion, sit: Situation) -> list[str]:
    return [warning(w, sit) for w in s.warnings]


def cost(s: Suggestion, sit: Situation) -> str:
    """What the option costs with the client, in words."""
    if s.strategy is Strategy.KEEP or s.cost == 0:
        return _("costs nothing with {client}").format(client=sit.client.name)
    weight = weight_words(sit)
    if s.cost < 1.5:
        text = _("costs little with {weight}").format(weight=weight)
    elif s.cost < 3.5:
        text = _("costs something with {weight}").format(weight=weight)
    else:
        text = _("costs a lot with {weight}").format(weight=weight)
    if sit.changed:
        text += "; " + ngettext("you already changed {n} of {client}'s meetings in the last 8 weeks",
                                "you already changed {n} of {client}'s meetings in the last 8 weeks",
                                sit.changed).format(n=sit.changed, client=sit.client.name)
    return text


def resolves(s: Suggestion) -> str:
    """ "clears: overloaded, double-booked" (empty when it clears nothing)."""
    if not s.resolves:
        return ""
    return _("clears: {problems}").format(problems=", ".join(_(_RESOLVES[p]) for p in s.resolves))


def clash_notes(advice: Advice, tz: ZoneInfo) -> list[str]:
    """What the meeting clashes with, naming who leads the other side."""
    notes = []
    for c in advice.clashes:
        span = time_span(c.start, c.end, tz)
        if c.led_by_colleague:
            notes.append(_("Clashes with {client} {span}, which {lead} leads: letting them take that one may be "
                           "simpler (L plans the whole day).").format(client=c.client, span=span, lead=c.lead))
        else:
            notes.append(_("Clashes with {client} {span}.").format(client=c.client, span=span))
    return notes


def timing(advice: Advice, tz: ZoneInfo) -> str:
    """ "It is under way." / "It starts in less than a day: short notice." / ""."""
    sit = advice.situation
    if sit.phase != "upcoming":
        return _("It is under way (it started at {start}).").format(start=clock(sit.meeting.start, tz))
    if sit.short_notice:
        return _("It starts in less than a day: short notice.")
    return ""


def clash_words(c: Clash, tz: ZoneInfo) -> str:
    return f"{c.client} {time_span(c.start, c.end, tz)}"
