"""The words of DESIGN.md §2: Client, Meeting, Settings, Draft and their enums.

Plain dataclasses. How they are stored (documents, ISO strings) is the store's business, not theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from enum import StrEnum


class Tier(StrEnum):
    """Where a client sits in your priority list, most important first."""

    KEY = "key"
    IMPORTANT = "important"
    REGULAR = "regular"
    MINOR = "minor"


class Language(StrEnum):
    EN = "en"
    DA = "da"


class Location(StrEnum):
    CLIENT_SITE = "client-site"
    OUR_OFFICE = "our-office"
    VIDEO = "video"
    PHONE = "phone"


class Topic(StrEnum):
    ROUTINE = "routine"
    IMPORTANT = "important"


class Status(StrEnum):
    """What became of a meeting. Everything but ``cancelled`` still takes time."""

    PLANNED = "planned"
    KEPT = "kept"
    PHONE = "phone"
    SHORTENED = "shortened"
    EMAIL = "email"
    DELEGATED = "delegated"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"


class Reason(StrEnum):
    """Why you want out of a meeting (DESIGN.md §4)."""

    WORKLOAD = "workload"
    CONFLICT = "conflict"
    REPETITIVE = "repetitive"
    SICK = "sick"
    DISLIKE = "dislike"


class Strategy(StrEnum):
    KEEP = "keep"
    PHONE = "phone"
    SHORTER = "shorter"
    EMAIL = "email"
    DELEGATE = "delegate"
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"


# Statuses whose meeting no longer takes any of your time.
FREE_STATUSES = frozenset({Status.CANCELLED, Status.EMAIL, Status.DELEGATED})

ME = "me"


def new_id() -> str:
    # Imported here: uuid pulls in platform, which costs every command start-up, and most
    # commands only read.
    import uuid

    return str(uuid.uuid4())


@dataclass(slots=True)
class Client:
    name: str
    tier: Tier = Tier.REGULAR
    share: float | None = None  # percent of your business, 0-100
    contact: str = ""
    email: str = ""
    domains: tuple[str, ...] = ()
    language: Language = Language.EN
    flexible: bool = False
    notes: str = ""
    id: str = field(default_factory=new_id)

    @property
    def greeting_name(self) -> str:
        """Who a message is addressed to: the contact person, else the client itself."""
        return self.contact or self.name


@dataclass(slots=True, frozen=True)
class Source:
    """Where an imported meeting came from: its calendar UID and RECURRENCE-ID (None if single)."""

    uid: str
    recurrence_id: str | None = None

    @property
    def key(self) -> str:
        return f"{self.uid}|{self.recurrence_id or ''}"


@dataclass(slots=True)
class Meeting:
    client_id: str
    title: str
    start: datetime  # time-zone aware
    end: datetime  # time-zone aware, after start
    location: Location = Location.OUR_OFFICE
    travel_minutes: int = 0  # each way; client-site only
    lead: str = ME  # "me" or a colleague's name
    topic: Topic = Topic.ROUTINE
    status: Status = Status.PLANNED
    source: Source | None = None  # None: typed in by hand
    notes: str = ""
    all_day: bool = False
    # Set by the calendar import (planner/services/ics_import.py): which calendar the meeting came
    # from and a short fingerprint of each value the last import wrote (compact text). A field whose
    # value no longer matches its fingerprint was changed by the user and survives re-import.
    # Empty for meetings typed in by hand. The store persists it as an opaque string.
    imported: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("meeting times must be time-zone aware")

    @property
    def duration(self) -> timedelta:
        """Elapsed time. Aware datetimes in different zones or across a DST change subtract right
        only in UTC, so convert first (a 09:00-11:00 meeting on the DST night lasts 2 hours on the
        clock, and the clock is what people live by)."""
        return _utc(self.end) - _utc(self.start)

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    @property
    def led_by_me(self) -> bool:
        return self.lead.strip().lower() in ("", ME)

    @property
    def travel_each_way(self) -> int:
        """Travel only counts for meetings at the client's site."""
        return self.travel_minutes if self.location is Location.CLIENT_SITE else 0

    @property
    def takes_time(self) -> bool:
        """False once the meeting no longer needs you (cancelled, replaced by email, delegated)."""
        return self.status not in FREE_STATUSES

    def with_changes(self, **changes) -> Meeting:
        return replace(self, **changes)


def _utc(value: datetime) -> datetime:
    from datetime import timezone

    return value.astimezone(timezone.utc)


@dataclass(slots=True)
class Settings:
    """Everything a user can set. Every load threshold of DESIGN.md §3 lives here."""

    name: str = ""
    signature: str = ""
    language: Language = Language.EN
    timezone: str = "Europe/Copenhagen"
    work_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    work_start: time = time(9, 0)
    work_end: time = time(17, 0)
    # A day is busy above these ...
    busy_minutes: int = 180
    busy_count: int = 3
    # ... and overloaded above these (or on any double-booking).
    overload_minutes: int = 300
    overload_count: int = 5
    # Back-to-back: a gap under this many minutes; a chain of this many meetings is flagged.
    b2b_gap_minutes: int = 10
    b2b_chain: int = 3
    # No focus time: no free block of this many minutes inside work hours.
    focus_block_minutes: int = 120
    # An overloaded week: more than this many minutes of meetings.
    week_overload_minutes: int = 1200
    # Free slots for rescheduling are looked for in this many work days.
    slot_window_days: int = 10
    # Writing an email instead of meeting costs this much of your time.
    email_minutes: int = 10
    theme: str = "planner-dark"
    day_first: bool = True
    show_weekends: bool = False
    drafts_dir: str = ""  # empty: the default drafts folder

    def with_changes(self, **changes) -> Settings:
        return replace(self, **changes)


@dataclass(slots=True)
class Draft:
    """A rendered message, and where it went."""

    meeting_id: str
    strategy: Strategy
    language: Language
    subject: str
    body: str  # Markdown
    created: datetime  # time-zone aware
    path: str = ""  # the file it was exported to, if any
    kind: str = "client"  # "client" or "briefing" (the colleague's briefing for delegate)
    id: str = field(default_factory=new_id)
