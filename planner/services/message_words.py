"""The words code writes into messages, one table per message language.

A message to a client is in the client's language, whatever language the interface speaks (that
one is :mod:`planner.i18n`'s). The messages themselves are the templates (``templates/<lang>/``);
what code has to word itself lives here, in one :class:`MessageWords` table per language, and
nowhere else: durations in prose, the date and time patterns of offered times (the day and
month names and the clock come from :mod:`planner.formats`, asked in the message language), the
greeting, the short-notice sentence, the sentence about the calendar invitation, offered times, the placeholder an email's update replaces, the
colleague's briefing sections and questions, and a day plan's one line per change.

Adding a message language is adding a table here and a folder of templates. A table is a frozen
record: leaving a word out fails at import, so both languages always have every word.

Format strings here are planner's own (``str.format`` with named fields, filled with plain text);
a user's template never goes through ``str.format``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from planner import formats
from planner.domain.models import Language

# Honorifics and titles skipped when a greeting names the contact ("Dr. Åsa O'Brien-Løvgren" ->
# "Åsa"), compared without case and without a trailing dot. Both languages' titles: a Danish
# client may well have an English-titled contact.
TITLES = frozenset(
    {
        "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame", "lord", "lady",
        "rev", "fru", "frk", "hr", "herr", "frau", "dir", "ing", "mag", "lic", "cand", "med", "phd",
        "ph.d", "dipl", "mme", "mlle",
    }
)


@dataclass(frozen=True, slots=True)
class MessageWords:
    # --- dates, times, lengths ---
    day_date: str  # {weekday} {day} {month}: a day in a sentence ("on Tuesday 1 December")
    span: str  # {date} {start} {end}
    date_time: str  # {date} {time}
    list_or: str  # between the last two of several choices (a list joined by "and" is formats.join)
    minute_one: str
    minutes: str  # {n}
    hour_one: str
    hours: str  # {n}
    hours_half: str  # {n}: 150 min
    hours_minutes: str  # {h} {m}
    # --- greeting and small sentences ---
    greeting: str  # {name}
    greeting_anonymous: str
    short_notice: str
    place_client_site: str  # " at your office": appended to a length, so it starts with a space
    place_our_office: str
    # --- offering times (reschedule, cancel) ---
    times_offer: str  # several times offered
    times_offer_one: str  # one time offered
    times_else: str
    times_else_one: str
    times_ask: str
    # --- the email's update, until the person writes it ---
    no_summary: str  # {title}; Markdown emphasis around the plain sentence
    # --- the calendar invitation: (yours, the client's) for each kind of change ---
    calendar_change: tuple[str, str]
    calendar_cancel: tuple[str, str]
    calendar_replace: tuple[str, str]
    calendar_series: tuple[str, str]
    calendar_plan: tuple[str, str]
    location_phone: str
    location_video: str
    # --- the colleague's briefing ---
    points_fallback: str  # {title}
    background_heading: str  # {client}
    contact_line: str  # {contact}
    history_heading: str
    history_line: str  # {date} {title}
    history_note: str  # {line} {note}
    question_why: str  # {name}: the sender's first name
    question_why_anonymous: str
    question_next: str
    question_who: str
    question_budget: str
    # --- a day plan: one line per change ({what} is the meeting) ---
    plan_what_day: str  # {title} {time}
    plan_what_days: str  # {title} {date} {time}
    plan_phone: str
    plan_video: str
    plan_phone_shorter: str  # {new} {old} {place} {time}
    plan_video_shorter: str
    plan_shorter: str  # {new} {old} {end}
    plan_email: str
    plan_delegate: str  # {colleague}
    plan_delegate_without_me: str
    plan_reschedule_to: str  # {new}
    plan_reschedule_slots: str  # {slots}
    plan_reschedule_ask: str
    plan_cancel: str
    plan_cancel_slots: str  # {slots}
    plan_less_often: str  # {end} {dates}
    # --- the header of a Markdown draft file ---
    subject_label: str
    to_label: str


ENGLISH = MessageWords(
    # No comma after the weekday (CLDR's en_GB date has one): "on Tuesday 1 December at 9:00"
    # reads as one phrase, and a list of times is not a run of commas.
    day_date="{weekday} {day} {month}",
    span="{date} from {start} to {end}",
    date_time="{date} at {time}",
    list_or=" or ",
    minute_one="1 minute",
    minutes="{n} minutes",
    hour_one="an hour",
    hours="{n} hours",
    hours_half="{n}½ hours",
    hours_minutes="{h} hours and {m} minutes",
    greeting="Hi {name},",
    greeting_anonymous="Hi,",
    short_notice="I'm sorry for the short notice.",
    place_client_site=" at your office",
    place_our_office=" at our office",
    times_offer="Would one of these times work for you instead?",
    times_offer_one="Would this time work for you instead?",
    times_else="If none of them suits you, just send me a couple of times that do and I'll make it work.",
    times_else_one="If it doesn't suit you, just send me a couple of times that do and I'll make it work.",
    times_ask="Could you send me a couple of times that suit you? I'll make it work.",
    no_summary="_Write the update on {title} here._",
    calendar_change=("If you're happy with that, just accept the updated invitation.",
                     "If you're happy with that, could you update the invitation?"),
    calendar_cancel=("You'll receive a cancellation in your calendar.", ""),
    calendar_replace=("You'll receive a cancellation of the meeting in your calendar.",
                      "If this covers everything, could you cancel the meeting invitation?"),
    calendar_series=("You'll receive cancellations for the meetings we would skip.",
                     "If you're happy with that, could you take those dates out of the series?"),
    calendar_plan=("You'll receive the updated invitations in your calendar.",
                   "If you're happy with that, could you update the invitations?"),
    location_phone="Phone call",
    location_video="Video call",
    points_fallback="The agenda as planned: {title}",
    background_heading="Good to know about {client}",
    contact_line="Contact: {contact}",
    history_heading="Our recent meetings with them",
    history_line="{date}: {title}",
    history_note="{line} ({note})",
    question_why="Why isn't {name} here? Tell them you have the full picture and that I'll follow up "
    "on anything left open.",
    question_why_anonymous="Why isn't your colleague here? Tell them you have the full picture and "
    "that I'll follow up on anything left open.",
    question_next="What happens next, and when?",
    question_who="Who do we contact with follow-up questions?",
    question_budget="What does this mean for the budget and the timeline?",
    plan_what_day="{title} at {time}",
    plan_what_days="{title} on {date} at {time}",
    plan_phone="{what}: could we make it a phone call instead? I'll call you at {time}.",
    plan_video="{what}: could we make it a video call instead? I'll send you a link.",
    plan_phone_shorter="{what}: could we do it by phone and keep it to {new}, rather than {old}{place}? "
    "I'll call you at {time}.",
    plan_video_shorter="{what}: could we do it as a video call and keep it to {new}, rather than "
    "{old}{place}? I'll send you a link.",
    plan_shorter="{what}: could we keep it to {new} rather than {old}, finishing at {end}?",
    plan_email="{what}: I'll send you the update by email instead, so we don't need to meet.",
    plan_delegate="{what}: my colleague {colleague} will take it in my place.",
    plan_delegate_without_me="{what}: I can't join after all, but {colleague} will lead it as planned.",
    plan_reschedule_to="{what}: could we move it to {new}?",
    plan_reschedule_slots="{what}: could we move it? I can do {slots}.",
    plan_reschedule_ask="{what}: could we move it? Just send me a couple of times that suit you.",
    plan_cancel="{what}: unfortunately I have to cancel it.",
    plan_cancel_slots="{what}: unfortunately I have to cancel it, but I can offer {slots} instead.",
    plan_less_often="{what}: could we meet every other time until {end}? We would skip {dates}.",
    subject_label="Subject",
    to_label="To",
)

DANISH = MessageWords(
    day_date="{weekday} den {day}. {month}",
    span="{date} kl. {start}–{end}",
    date_time="{date} kl. {time}",
    list_or=" eller ",
    minute_one="1 minut",
    minutes="{n} minutter",
    hour_one="en time",
    hours="{n} timer",
    hours_half="{n}½ time",
    hours_minutes="{h} timer og {m} minutter",
    greeting="Hej {name},",
    greeting_anonymous="Hej,",
    short_notice="Jeg beklager det korte varsel.",
    place_client_site=" hos jer",
    place_our_office=" hos os",
    times_offer="Kunne et af disse tidspunkter passe dig i stedet?",
    times_offer_one="Kunne dette tidspunkt passe dig i stedet?",
    times_else="Hvis ingen af dem passer dig, så send mig gerne et par andre tidspunkter, så får jeg det "
    "til at gå op.",
    times_else_one="Hvis det ikke passer dig, så send mig gerne et par andre tidspunkter, så får jeg det "
    "til at gå op.",
    times_ask="Vil du sende mig et par tidspunkter, der passer dig? Så får jeg det til at gå op.",
    no_summary="_Skriv opdateringen om {title} her._",
    calendar_change=("Hvis du er med på det, kan du bare acceptere den opdaterede invitation.",
                     "Hvis du er med på det, vil du så opdatere invitationen?"),
    calendar_cancel=("Du får en aflysning i kalenderen.", ""),
    calendar_replace=("Du får en aflysning af mødet i kalenderen.",
                      "Hvis det dækker det hele, vil du så aflyse mødet i kalenderen?"),
    calendar_series=("Du får aflysninger af de møder, vi springer over, i kalenderen.",
                     "Hvis du er med på det, vil du så tage de datoer ud af mødeserien?"),
    calendar_plan=("Du får de opdaterede invitationer i kalenderen.",
                   "Hvis du er med på det, vil du så opdatere invitationerne?"),
    location_phone="Telefonmøde",
    location_video="Videomøde",
    points_fallback="Dagsordenen som planlagt: {title}",
    background_heading="Godt at vide om {client}",
    contact_line="Kontaktperson: {contact}",
    history_heading="Vores seneste møder med dem",
    history_line="{date}: {title}",
    history_note="{line} ({note})",
    question_why="Hvorfor er {name} ikke med? Sig, at du har det fulde overblik, og at jeg følger op "
    "på det, der står åbent.",
    question_why_anonymous="Hvorfor er din kollega ikke med? Sig, at du har det fulde overblik, og at "
    "jeg følger op på det, der står åbent.",
    question_next="Hvad sker der nu, og hvornår?",
    question_who="Hvem kontakter vi med opfølgende spørgsmål?",
    question_budget="Hvad betyder det for budget og tidsplan?",
    plan_what_day="{title} kl. {time}",
    plan_what_days="{title} {date} kl. {time}",
    plan_phone="{what}: kan vi tage mødet over telefonen i stedet? Jeg ringer til dig kl. {time}.",
    plan_video="{what}: kan vi tage mødet som videomøde i stedet? Jeg sender dig et link.",
    plan_phone_shorter="{what}: kan vi nøjes med {new} over telefonen i stedet for {old}{place}? "
    "Jeg ringer til dig kl. {time}.",
    plan_video_shorter="{what}: kan vi nøjes med {new} som videomøde i stedet for {old}{place}?",
    plan_shorter="{what}: kan vi nøjes med {new} i stedet for {old}, så vi er færdige kl. {end}?",
    plan_email="{what}: jeg sender dig opdateringen på mail i stedet, så vi ikke behøver at mødes.",
    plan_delegate="{what}: min kollega {colleague} tager mødet i mit sted.",
    plan_delegate_without_me="{what}: {colleague} holder mødet som planlagt, uden mig.",
    plan_reschedule_to="{what}: kan vi flytte mødet til {new}?",
    plan_reschedule_slots="{what}: kan vi flytte mødet? Jeg kan {slots}.",
    plan_reschedule_ask="{what}: kan vi flytte mødet? Send mig gerne et par tidspunkter, der passer dig.",
    plan_cancel="{what}: mødet bliver jeg desværre nødt til at aflyse.",
    plan_cancel_slots="{what}: mødet bliver jeg desværre nødt til at aflyse, men jeg kan tilbyde {slots} "
    "i stedet.",
    plan_less_often="{what}: kan vi mødes hver anden gang frem til {end}? Så springer vi {dates} over.",
    subject_label="Emne",
    to_label="Til",
)

_WORDS = {Language.EN: ENGLISH, Language.DA: DANISH}


def words(language: Language | str) -> MessageWords:
    """The table for a message language."""
    return _WORDS[Language(language)]


# --- dates, times and lengths in a message language -----------------------------------------------


def format_date(day: date, language: Language | str) -> str:
    """ "Tuesday 1 December" / "tirsdag den 1. december": the day as a sentence names it (the
    names are the locale's; the pattern is the message table's)."""
    lang = Language(language).value
    return words(language).day_date.format(
        weekday=formats.weekday(day, lang=lang), day=day.day, month=formats.month(day, lang=lang)
    )


def format_time(moment: datetime, language: Language | str) -> str:
    """ "14:00" / "14.00" (Danish writes the clock with a dot: kl. 14.00, kl. 9.05)."""
    return formats.clock(moment, lang=Language(language).value, prose=True)


def format_date_time(moment: datetime, language: Language | str) -> str:
    """ "Wednesday 9 December at 10:00" / "onsdag den 9. december kl. 10.00"."""
    return words(language).date_time.format(
        date=format_date(moment.date(), language), time=format_time(moment, language)
    )


def format_duration(minutes: int, language: Language | str) -> str:
    """30 -> "30 minutes" / "30 minutter"; 60 -> "an hour" / "en time"; 90 -> "90 minutes";
    120 -> "2 hours" / "2 timer"; 150 -> "2½ hours" / "2½ time"; 135 -> "2 hours and 15 minutes"."""
    w = words(language)
    if minutes == 1:
        return w.minute_one
    if minutes == 60:
        return w.hour_one
    if minutes < 120:
        return w.minutes.format(n=minutes)
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return w.hours.format(n=hours)
    if rest == 30:
        return w.hours_half.format(n=hours)
    return w.hours_minutes.format(h=hours, m=rest)


def format_span(start: datetime, end: datetime, language: Language | str) -> str:
    """ "Wednesday 2 December from 9:00 to 10:30" / "onsdag den 2. december kl. 9.00–10.30" (local times:
    pass them converted to the user's zone)."""
    return words(language).span.format(
        date=format_date(start.date(), language),
        start=format_time(start, language),
        end=format_time(end, language),
    )


def join_list(items: list[str], language: Language | str, *, conjunction: str = "and") -> str:
    """ "A", "A and B", "A, B and C" (Danish: "A, B og C"); ``conjunction`` "or" for choices."""
    if conjunction != "or":
        return formats.join(items, lang=Language(language).value)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + words(language).list_or + items[-1]


# --- names --------------------------------------------------------------------------------------


def first_name(full_name: str) -> str:
    """Who a greeting names: the first name after any titles ("Dr. Åsa O'Brien-Løvgren" -> "Åsa",
    "Søren Ærbø" -> "Søren"). A title and one name stay together ("Dr. Hansen"): the first name
    is not known then. "" for "" (and for a name that is only titles)."""
    parts = full_name.split()
    skipped = 0
    while skipped < len(parts) and parts[skipped].lower().rstrip(".") in TITLES:
        skipped += 1
    rest = parts[skipped:]
    if not rest:
        return ""
    if len(rest) == 1 and skipped:
        return " ".join(parts)
    return rest[0]


def greeting(name: str, language: Language | str) -> str:
    """ "Hi Søren," / "Hej Søren,"; "Hi," / "Hej," when there is no one to name."""
    w = words(language)
    return w.greeting.format(name=name) if name.strip() else w.greeting_anonymous
