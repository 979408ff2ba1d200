"""The demo calendar: a realistic, overloaded week around a given day.

It holds what the week view and the wizard are for: an overloaded day, a chain of three back-to-back
meetings, a double-booking, a client-site meeting with long travel, a 90-minute account review, a
meeting a colleague leads, a client met four times in six weeks, and a flexible client with a routine
topic. Client names carry Danish letters and one has [brackets] in it, as real data does.

The clients are Danish (one English-speaking); the titles and notes written in English (marked
``N_``) are written in the interface language when the demo is made, so a Danish planner gets a
Danish demo.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.domain.timeutil import week_start
from planner.domain.models import Client, Language, Location, Meeting, Status, Tier, Topic
from planner.i18n import N_, _

CLIENTS = [
    # name, tier, share, contact, email, language, flexible, notes
    ("Nordlys Energi A/S", Tier.KEY, 28.0, "Mette Sørensen", "mette@nordlys-energi.dk", Language.DA, False,
     N_("Largest account. Quarterly account review with their CFO.")),
    ("[VIP] Ærø & Co", Tier.KEY, 21.0, "Søren Ærbø", "soren@aeroeco.dk", Language.DA, False,
     N_("Family-owned; they value meeting in person.")),
    ("Fjordhus Bryggeri", Tier.IMPORTANT, 12.5, "Jens Kjær", "jens@fjordhus.dk", Language.DA, False,
     N_("Their office is in Roskilde: 35 minutes each way.")),
    ("Acme Logistics", Tier.IMPORTANT, 9.0, "Jane Miller", "jane.miller@acme-logistics.com", Language.EN, True,
     N_("English-speaking; weekly syncs have become repetitive.")),
    ("Bølgen Arkitekter", Tier.REGULAR, 6.0, "Line Østergaard", "line@boelgen.dk", Language.DA, False,
     N_("Jonas is the account manager and pulls you in for design questions.")),
    ("Københavns Kaffekompagni", Tier.REGULAR, 4.0, "Ask Frølich", "ask@kaffekompagni.dk", Language.DA, True,
     N_("Happy to take updates by email.")),
    ("Grøn Rådgivning ApS", Tier.MINOR, 1.5, "Åse Holm", "aase@groen-raadgivning.dk", Language.DA, True, ""),
]

# day offset from Monday, start, minutes, client index, title, location, travel, lead, topic
WEEK = [
    (0, "09:00", 60, 0, N_("Weekly status"), Location.VIDEO, 0, "me", Topic.ROUTINE),
    (0, "13:00", 45, 5, "Månedlig statusopdatering", Location.VIDEO, 0, "me", Topic.ROUTINE),
    (0, "15:00", 60, 3, N_("Weekly sync"), Location.VIDEO, 0, "me", Topic.ROUTINE),
    # Tuesday: overloaded. Three back-to-back in the morning, six meetings in all.
    (1, "09:00", 45, 3, N_("Shipment dashboard walkthrough"), Location.VIDEO, 0, "me", Topic.ROUTINE),
    (1, "09:50", 40, 4, "Facadeskitser: gennemgang", Location.OUR_OFFICE, 0, "Jonas", Topic.ROUTINE),
    (1, "10:35", 55, 1, "Kampagneplan 2027", Location.OUR_OFFICE, 0, "me", Topic.IMPORTANT),
    (1, "12:30", 60, 6, "Frokostmøde om bæredygtighedsrapport", Location.CLIENT_SITE, 15, "me", Topic.ROUTINE),
    (1, "14:00", 60, 0, "Budget 2027 forberedelse", Location.VIDEO, 0, "me", Topic.IMPORTANT),
    (1, "15:30", 60, 5, "Smagning af nye etiketter", Location.CLIENT_SITE, 20, "me", Topic.ROUTINE),
    # Wednesday: a double-booking.
    (2, "10:00", 60, 4, "Byggemøde", Location.CLIENT_SITE, 25, "Jonas", Topic.ROUTINE),
    (2, "14:00", 60, 3, N_("Quarterly KPIs"), Location.VIDEO, 0, "me", Topic.IMPORTANT),
    (2, "14:30", 45, 0, "Afklaring om tilbud", Location.PHONE, 0, "me", Topic.IMPORTANT),
    # Thursday: the long trip and the 90-minute account review.
    (3, "09:00", 60, 2, "Workshop: ny webshop", Location.CLIENT_SITE, 35, "me", Topic.IMPORTANT),
    (3, "13:00", 90, 0, N_("Account review Q4"), Location.OUR_OFFICE, 0, "me", Topic.IMPORTANT),
    (3, "15:00", 30, 6, "Opfølgning", Location.PHONE, 0, "me", Topic.ROUTINE),
    # Friday: lighter.
    (4, "10:00", 60, 1, "Statusmøde", Location.CLIENT_SITE, 30, "me", Topic.ROUTINE),
    (4, "14:00", 30, 3, N_("Weekly sync (short)"), Location.VIDEO, 0, "me", Topic.ROUTINE),
]

# What the person noted for a meeting: an email that replaces it, or a colleague's briefing, says it.
NOTES = {
    "Frokostmøde om bæredygtighedsrapport": "Første udkast til rapporten er klar.\n- Vi mangler tallene for scope 3\n"
    "- Næste udkast kommer i uge 50",
    "Smagning af nye etiketter": "- De nye etiketter er godkendt\n- Prøverne sendes fredag",
}

# Acme Logistics: met four times in the six weeks before this week.
PAST = [
    (-7, "15:00", 60, 3, N_("Weekly sync"), Location.VIDEO),
    (-14, "15:00", 60, 3, N_("Weekly sync"), Location.VIDEO),
    (-21, "15:00", 60, 3, N_("Weekly sync"), Location.VIDEO),
    (-28, "10:00", 90, 3, N_("Account performance review"), Location.CLIENT_SITE),
]


def _at(day: date, hhmm: str, tz: ZoneInfo) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tz)


def demo_monday(today: date) -> date:
    """The Monday of the demo week: this week until Wednesday, else next week, so that its busy
    days are still ahead to be advised on and lightened."""
    monday = week_start(today)
    return monday if today.weekday() <= 2 else monday + timedelta(days=7)


def fill_demo(store, today: date) -> tuple[int, int]:
    """Add the demo clients and meetings around the demo week (:func:`demo_monday`). Returns
    (clients, meetings) added.

    Everything is written in one atomic save.
    """
    settings = store.settings()
    tz = ZoneInfo(settings.timezone)
    monday = demo_monday(today)
    with store.batch():
        if not settings.name:
            store.save_settings(
                settings.with_changes(
                    name="Anna Holm",
                    signature=_("Anna Holm\nSenior Consultant, Holm & Partners\n+45 20 30 40 50"),
                )
            )
        clients = []
        for name, tier, share, contact, email, lang, flexible, notes in CLIENTS:
            client = store.client_by_name(name)
            if client is None:
                client = Client(
                    name=name, tier=tier, share=share, contact=contact, email=email,
                    domains=(email.rsplit("@", 1)[1],), language=lang, flexible=flexible, notes=_(notes) if notes else "",
                )
                store.save_client(client)
            clients.append(client)
        count = 0
        for offset, hhmm, minutes, who, title, location, travel, lead, topic in WEEK:
            start = _at(monday + timedelta(days=offset), hhmm, tz)
            store.save_meeting(
                Meeting(
                    client_id=clients[who].id, title=_(title), start=start, end=start + timedelta(minutes=minutes),
                    location=location, travel_minutes=travel, lead=lead, topic=topic, notes=NOTES.get(title, ""),
                )
            )
            count += 1
        for offset, hhmm, minutes, who, title, location in PAST:
            start = _at(monday + timedelta(days=offset), hhmm, tz)
            store.save_meeting(
                Meeting(
                    client_id=clients[who].id, title=_(title), start=start, end=start + timedelta(minutes=minutes),
                    location=location, travel_minutes=30 if location is Location.CLIENT_SITE else 0,
                    status=Status.KEPT,
                )
            )
            count += 1
    return len(CLIENTS), count
