"""The words of the trade: Client, Meeting, Settings, Draft and their enums.

Plain records. How they are stored (documents, ISO strings) is the store's business, not theirs.

They are written out rather than made with ``@dataclass``: importing ``dataclasses`` pulls in
``inspect`` and costs every command about 10 ms of start-up, and ``planner agenda`` has a start-up
budget (issue 2). ``Record`` gives them what a dataclass would: keyword construction with defaults,
equality by value, a readable repr, and ``with_changes`` (``dataclasses.replace``).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Any, ClassVar


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
    """Why you want out of a meeting."""

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
    # A repeating meeting: every other occurrence for a while (those are cancelled).
    LESS_OFTEN = "less-often"


class CallKind(StrEnum):
    """How a meeting turned into a call is held."""

    PHONE = "phone"
    VIDEO = "video"


# Statuses whose meeting no longer takes any of your time.
FREE_STATUSES = frozenset({Status.CANCELLED, Status.EMAIL, Status.DELEGATED})

ME = "me"


def new_id() -> str:
    # Imported here: uuid pulls in platform, which costs every command start-up, and most
    # commands only read.
    import uuid

    return str(uuid.uuid4())


class Record:
    """A value record: equality field by field, a repr, and ``with_changes``."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable: not hashable, as with a dataclass

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({inner})"

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}

    def with_changes(self, **changes: Any):
        """A copy with some fields changed (the original is untouched)."""
        unknown = changes.keys() - set(self.FIELDS)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        values = self.as_dict()
        values.update(changes)
        return type(self)(**values)


class Default:
    """A field's default made fresh for each record (a list, a dict): ``Default(dict)``."""

    __slots__ = ("make",)

    def __init__(self, make) -> None:
        self.make = make


class Fields(Record):
    """A :class:`Record` whose fields are its annotated class attributes, in order, a value given
    after ``=`` being the default (``Default(list)`` for a fresh one each time): what
    ``@dataclass`` gives, without importing dataclasses (and with it inspect and ast), which costs
    a command's start-up some 15 ms. Keyword or positional construction; no slots."""

    __slots__ = ("__dict__",)
    _DEFAULTS: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: list[str] = []
        defaults: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            for name, annotation in vars(klass).get("__annotations__", {}).items():
                if name.startswith("_") or str(annotation).startswith(("ClassVar", "typing.ClassVar")):
                    continue
                if name not in names:
                    names.append(name)
                if name in vars(klass):
                    defaults[name] = vars(klass)[name]
        cls.FIELDS = tuple(names)
        cls._DEFAULTS = defaults

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(self.FIELDS):
            raise TypeError(f"{type(self).__name__} takes at most {len(self.FIELDS)} values")
        values = dict(zip(self.FIELDS, args))
        for name, value in kwargs.items():
            if name not in self.FIELDS or name in values:
                raise TypeError(f"{type(self).__name__}: unexpected or repeated field {name!r}")
            values[name] = value
        for name in self.FIELDS:
            if name not in values:
                if name not in self._DEFAULTS:
                    raise TypeError(f"{type(self).__name__} needs {name!r}")
                default = self._DEFAULTS[name]
                values[name] = default.make() if isinstance(default, Default) else default
        self.__dict__.update(values)


class Client(Record):
    __slots__ = FIELDS = (
        "name", "tier", "share", "contact", "email", "domains", "language", "flexible", "notes", "id",
    )

    def __init__(
        self,
        name: str,
        tier: Tier = Tier.REGULAR,
        share: float | None = None,  # percent of your business, 0-100
        contact: str = "",
        email: str = "",
        domains: tuple[str, ...] = (),
        language: Language = Language.EN,
        flexible: bool = False,
        notes: str = "",
        id: str | None = None,  # noqa: A002 - the record's own id
    ) -> None:
        self.name = name
        self.tier = tier
        self.share = share
        self.contact = contact
        self.email = email
        self.domains = domains
        self.language = language
        self.flexible = flexible
        self.notes = notes
        self.id = id or new_id()

    @property
    def greeting_name(self) -> str:
        """Who a message is addressed to: the contact person, else the client itself."""
        return self.contact or self.name


def source_key(uid: str, recurrence_id: str | None) -> str:
    """How a calendar entry is known in planner: its UID and, for one occurrence of a series,
    its RECURRENCE-ID ("uid|" for a single event or a whole series). ``Source.key``; the store's
    index and the sync look meetings up by it."""
    return f"{uid}|{recurrence_id or ''}"


class Source(Record):
    """Where an imported meeting came from: its calendar UID and RECURRENCE-ID (None if single).

    Immutable and hashable."""

    __slots__ = FIELDS = ("uid", "recurrence_id")

    def __init__(self, uid: str, recurrence_id: str | None = None) -> None:
        object.__setattr__(self, "uid", uid)
        object.__setattr__(self, "recurrence_id", recurrence_id)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Source is immutable; use with_changes({name}=...)")

    def __hash__(self) -> int:
        return hash((self.uid, self.recurrence_id))

    @property
    def key(self) -> str:
        return source_key(self.uid, self.recurrence_id)


class Meeting(Record):
    __slots__ = FIELDS = (
        "client_id", "title", "start", "end", "location", "travel_minutes", "lead", "topic", "status",
        "source", "notes", "all_day", "imported", "organizer", "id",
    )

    def __init__(
        self,
        client_id: str,
        title: str,
        start: datetime,  # time-zone aware
        end: datetime,  # time-zone aware, after start
        location: Location = Location.OUR_OFFICE,
        travel_minutes: int = 0,  # each way; client-site only
        lead: str = ME,  # "me" or a colleague's name
        topic: Topic = Topic.ROUTINE,
        status: Status = Status.PLANNED,
        source: Source | None = None,  # None: typed in by hand
        notes: str = "",
        all_day: bool = False,
        # Set by the calendar import (planner/services/ics/): which calendar the meeting
        # came from and a short fingerprint of each value the last import wrote (compact text). A
        # field whose value no longer matches its fingerprint was changed by the user and survives
        # re-import. Empty for meetings typed in by hand. The store persists it as an opaque string.
        imported: str = "",
        # Who organises the meeting: "" when it was made in planner (you do), else the organiser's
        # email address as the calendar gave it (an imported invitation).
        organizer: str = "",
        id: str | None = None,  # noqa: A002
    ) -> None:
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("meeting times must be time-zone aware")
        self.client_id = client_id
        self.title = title
        self.start = start
        self.end = end
        self.location = location
        self.travel_minutes = travel_minutes
        self.lead = lead
        self.topic = topic
        self.status = status
        self.source = source
        self.notes = notes
        self.all_day = all_day
        self.imported = imported
        self.organizer = organizer
        self.id = id or new_id()

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


def _utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc)


class Settings(Record):
    """Everything a user can set. Every load threshold (planner/domain/load.py) lives here."""

    __slots__ = FIELDS = (
        "name", "signature", "language", "timezone", "work_days", "work_start", "work_end",
        "busy_minutes", "busy_count", "overload_minutes", "overload_count", "b2b_gap_minutes",
        "b2b_chain", "focus_block_minutes", "week_overload_minutes", "slot_window_days",
        "email_minutes", "theme", "day_first", "show_weekends", "drafts_dir", "email",
        "advice_hour_value", "advice_problem_value", "advice_key_weight", "advice_change_penalty",
        "series_limit", "sync_minutes",
    )

    def __init__(
        self,
        name: str = "",
        signature: str = "",
        # The interface language: "en", "da", or "" to follow the locale (LANG ...).
        language: str = "",
        timezone: str = "Europe/Copenhagen",
        work_days: tuple[int, ...] = (0, 1, 2, 3, 4),  # Monday = 0
        work_start: time = time(9, 0),
        work_end: time = time(17, 0),
        # A day is busy above these ...
        busy_minutes: int = 180,
        busy_count: int = 3,
        # ... and overloaded above these (or on any double-booking).
        overload_minutes: int = 300,
        overload_count: int = 5,
        # Back-to-back: a gap under this many minutes; a chain of this many meetings is flagged.
        b2b_gap_minutes: int = 10,
        b2b_chain: int = 3,
        # No focus time: no free block of this many minutes inside work hours.
        focus_block_minutes: int = 120,
        # An overloaded week: more than this many minutes of meetings.
        week_overload_minutes: int = 1200,
        # Free slots for rescheduling are looked for in this many work days.
        slot_window_days: int = 10,
        # Writing an email instead of meeting costs this much of your time.
        email_minutes: int = 10,
        theme: str = "planner-dark",
        day_first: bool = True,
        show_weekends: bool = False,
        drafts_dir: str = "",  # empty: the default drafts folder
        email: str = "",  # your own address: the From of email drafts
        # The advice's cost model (planner/domain/advice/judge.py): what an hour freed is worth, what
        # clearing a day's problem is worth, how much a key client weighs against a regular one, and
        # how much each recent change to a client's meetings adds to the cost of another.
        advice_hour_value: float = 1.5,
        advice_problem_value: float = 1.0,
        advice_key_weight: float = 2.5,
        advice_change_penalty: float = 0.25,
        # A calendar import reads at most this many occurrences of one repeating event.
        series_limit: int = 1000,
        # The app syncs your calendars every this many minutes (0: only when asked).
        sync_minutes: int = 15,
    ) -> None:
        self.name = name
        self.signature = signature
        self.language = language
        self.timezone = timezone
        self.work_days = work_days
        self.work_start = work_start
        self.work_end = work_end
        self.busy_minutes = busy_minutes
        self.busy_count = busy_count
        self.overload_minutes = overload_minutes
        self.overload_count = overload_count
        self.b2b_gap_minutes = b2b_gap_minutes
        self.b2b_chain = b2b_chain
        self.focus_block_minutes = focus_block_minutes
        self.week_overload_minutes = week_overload_minutes
        self.slot_window_days = slot_window_days
        self.email_minutes = email_minutes
        self.theme = theme
        self.day_first = day_first
        self.show_weekends = show_weekends
        self.drafts_dir = drafts_dir
        self.email = email
        self.advice_hour_value = advice_hour_value
        self.advice_problem_value = advice_problem_value
        self.advice_key_weight = advice_key_weight
        self.advice_change_penalty = advice_change_penalty
        self.series_limit = series_limit
        self.sync_minutes = sync_minutes


class Draft(Record):
    """A rendered message, and where it went."""

    __slots__ = FIELDS = ("meeting_id", "strategy", "language", "subject", "body", "created", "path", "kind", "id")

    def __init__(
        self,
        meeting_id: str,
        strategy: Strategy,
        language: Language,
        subject: str,
        body: str,  # Markdown
        created: datetime,  # time-zone aware
        path: str = "",  # the file it was exported to, if any
        kind: str = "client",  # "client" or "briefing" (the colleague's briefing for delegate)
        id: str | None = None,  # noqa: A002
    ) -> None:
        self.meeting_id = meeting_id
        self.strategy = strategy
        self.language = language
        self.subject = subject
        self.body = body
        self.created = created
        self.path = path
        self.kind = kind
        self.id = id or new_id()
