"""The data file's documents <-> planner's records: Meeting, Client, Draft and Settings as the JSON
objects the store keeps (ISO 8601 times with their UTC offset and IANA zone name; meetings leave
out fields at their schema-1 default, ``schema.MEETING_DEFAULTS``)."""

from __future__ import annotations

from datetime import datetime, time, timezone
from typing import Any

from planner.domain.errors import PlannerError
from planner.domain.text import clean_block, clean_line
from planner.domain.models import (
    Client,
    Draft,
    Language,
    Location,
    Meeting,
    Settings,
    Source,
    Status,
    Strategy,
    Tier,
    Topic,
)
from planner.domain.timeutil import zone


def zone_name(tz: Any) -> str | None:
    """The IANA name of a tzinfo (zoneinfo, pytz or dateutil style), or None for a fixed offset."""
    for attr in ("key", "zone"):
        name = getattr(tz, attr, None)
        if isinstance(name, str) and name:
            from planner.services.schema import known_zone

            return name if known_zone(name) else None
    return None


def dt_to_doc(value: datetime, what: str) -> tuple[str, str | None]:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise PlannerError(f"{what} must be a date and time with a time zone, not {value!r}")
    return value.isoformat(), zone_name(value.tzinfo)


def dt_from_doc(text: str, tz: str | None) -> datetime:
    value = datetime.fromisoformat(text)
    return value.astimezone(zone(tz)) if tz else value


def _utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc)


def meeting_to_doc(m: Meeting) -> dict[str, Any]:
    from planner.services.schema import MEETING_DEFAULTS

    start, tz = dt_to_doc(m.start, "the meeting's start")
    end, end_tz = dt_to_doc(m.end, "the meeting's end")
    doc: dict[str, Any] = {"client_id": m.client_id, "title": m.title, "start": start, "end": end, "tz": tz}
    if end_tz != tz:
        doc["end_tz"] = end_tz
    source = None
    if m.source is not None:
        source = {"uid": m.source.uid}
        if m.source.recurrence_id is not None:
            source["recurrence_id"] = m.source.recurrence_id
    values = {
        "location": str(Location(m.location)),
        "travel_minutes": m.travel_minutes,
        "lead": m.lead,
        "topic": str(Topic(m.topic)),
        "status": str(Status(m.status)),
        "source": source,
        "notes": m.notes,
        "all_day": m.all_day,
        "imported": m.imported,
        "organizer": m.organizer,
    }
    for name, default in MEETING_DEFAULTS.items():
        value = values[name]
        if value != default or type(value) is not type(default):
            doc[name] = value
    return doc


def _line(text: str) -> str:
    """One-line text as read: a file written before planner cleaned its input (or edited by hand)
    may hold control characters; they never reach a screen (planner.domain.text)."""
    return text if text.isprintable() else clean_line(text)


def _block(text: str) -> str:
    return text if text.replace("\n", "").replace("\t", "").isprintable() else clean_block(text)


def meeting_from_doc(doc_id: str, doc: dict[str, Any]) -> Meeting:
    tz = doc.get("tz")
    source = doc.get("source")
    return Meeting(
        client_id=doc["client_id"],
        title=_line(doc["title"]),
        start=dt_from_doc(doc["start"], tz),
        end=dt_from_doc(doc["end"], doc.get("end_tz", tz)),
        location=Location(doc.get("location", "our-office")),
        travel_minutes=doc.get("travel_minutes", 0),
        lead=_line(doc.get("lead", "me")),
        topic=Topic(doc.get("topic", "routine")),
        status=Status(doc.get("status", "planned")),
        source=Source(source["uid"], source.get("recurrence_id")) if source else None,
        notes=_block(doc.get("notes", "")),
        all_day=doc.get("all_day", False),
        imported=doc.get("imported", ""),
        organizer=doc.get("organizer", ""),
        id=doc_id,
    )


def client_to_doc(c: Client) -> dict[str, Any]:
    return {
        "name": c.name,
        "tier": str(Tier(c.tier)),
        "share": c.share,
        "contact": c.contact,
        "email": c.email,
        "domains": list(c.domains),
        "language": str(Language(c.language)),
        "flexible": c.flexible,
        "notes": c.notes,
    }


def client_from_doc(doc_id: str, doc: dict[str, Any]) -> Client:
    return Client(
        name=_line(doc["name"]),
        tier=Tier(doc.get("tier", "regular")),
        share=doc.get("share"),
        contact=_line(doc.get("contact", "")),
        email=_line(doc.get("email", "")),
        domains=tuple(doc.get("domains", ())),
        language=Language(doc.get("language", "en")),
        flexible=doc.get("flexible", False),
        notes=_block(doc.get("notes", "")),
        id=doc_id,
    )


def draft_to_doc(d: Draft) -> dict[str, Any]:
    created, tz = dt_to_doc(d.created, "the draft's time")
    return {
        "meeting_id": d.meeting_id,
        "strategy": str(Strategy(d.strategy)),
        "language": str(Language(d.language)),
        "subject": d.subject,
        "body": d.body,
        "created": created,
        "tz": tz,
        "path": d.path,
        "kind": d.kind,
    }


def draft_from_doc(doc_id: str, doc: dict[str, Any]) -> Draft:
    return Draft(
        meeting_id=doc["meeting_id"],
        strategy=Strategy(doc["strategy"]),
        language=Language(doc["language"]),
        subject=doc["subject"],
        body=doc["body"],
        created=dt_from_doc(doc["created"], doc.get("tz")),
        path=doc.get("path", ""),
        kind=doc.get("kind", "client"),
        id=doc_id,
    )


def settings_to_doc(s: Settings) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for name in Settings.FIELDS:
        value = getattr(s, name)
        if isinstance(value, time):
            value = value.isoformat(timespec="minutes" if not value.second else "seconds")
        elif isinstance(value, tuple):
            value = list(value)
        doc[name] = value
    return doc


def settings_from_doc(doc: dict[str, Any]) -> Settings:
    defaults = Settings()
    changes: dict[str, Any] = {}
    for name, value in doc.items():
        if not hasattr(defaults, name):
            continue  # a field this version does not know
        default = getattr(defaults, name)
        if isinstance(default, time):
            value = time.fromisoformat(value)
        elif isinstance(default, tuple):
            value = tuple(value)
        changes[name] = value
    return defaults.with_changes(**changes)
