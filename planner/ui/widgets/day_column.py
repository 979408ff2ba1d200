"""A day of the week as a column of meeting cards, like a kanban board's column.

Columns are mounted once and reused: :meth:`DayColumn.show` swaps in another day's meetings,
updating existing cards in place and mounting or removing only the difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from planner.domain.load import DayLoad, DayStatus
from planner.domain.models import Meeting, Settings
from planner.ui.text import STATUS_WORD, flag_marks, hours, location_mark, short_date, status_note, time_range

_STATUS_CLASSES = {s: f"-{s.value}" for s in DayStatus}
_FLAG_STYLE = {"‼": "bold $load-overloaded", "⇄": "bold $load-busy", "☾": "$text-muted"}


@dataclass(slots=True)
class CardData:
    meeting: Meeting
    client_name: str
    flags: list[str]


class MeetingCard(Widget):
    """One meeting: time range and marks, client, title. Classes: -selected, -free, -double ..."""

    class Clicked(Message):
        def __init__(self, card: MeetingCard) -> None:
            super().__init__()
            self.card = card

    def __init__(self, data: CardData, tz: ZoneInfo, index: int) -> None:
        super().__init__(classes="card")
        self.data = data
        self.tz = tz
        self.index = index
        self._apply_classes()

    def show(self, data: CardData, tz: ZoneInfo, index: int) -> bool:
        """Show another meeting. True if the card's classes changed (its column restyles once)."""
        self.data, self.tz, self.index = data, tz, index
        changed = self._apply_classes()
        self.refresh()
        return changed

    def _apply_classes(self) -> bool:
        flags = self.data.flags
        before = self.classes
        # update=False: the column restyles its whole subtree once, not once per class.
        self.set_class("double-booked" in flags, "-double", update=False)
        self.set_class("back-to-back" in flags, "-b2b", update=False)
        self.set_class("after-hours" in flags, "-after-hours", update=False)
        self.set_class(not self.data.meeting.takes_time, "-free", update=False)
        return self.classes != before

    def render(self) -> Content:
        meeting = self.data.meeting
        marks = flag_marks(self.data.flags)
        when = time_range(meeting, self.tz)
        where = location_mark(meeting)
        width = self.content_region.width
        if width and len(when) + len(where) + len(marks) + 2 > width and "-" in when:
            # A narrow column: the start time alone, so the marks stay in sight.
            when = when.split("-")[0]
            if len(when) + len(where) + len(marks) + 2 > width:
                where = where[:1]
        first = [(when, "bold"), " ", where]
        if marks:
            first.append(" ")
            first.extend((mark, _FLAG_STYLE[mark]) for mark in marks)
        if note := status_note(meeting):
            first.extend([" ", (note, "italic")])
        return Content.assemble(
            *first,
            "\n",
            (self.data.client_name, "bold"),
            "\n",
            meeting.title or "(no title)",
        )

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self))


class DayHead(Widget):
    """The date (today marked), a load bar against the overload line, and the status in a word."""

    class Clicked(Message):
        def __init__(self, head: DayHead) -> None:
            super().__init__()
            self.head = head

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.load: DayLoad | None = None
        self.settings = Settings()
        self.today: date | None = None

    def show(self, load: DayLoad, settings: Settings, today: date) -> None:
        self.load, self.settings, self.today = load, settings, today
        self.refresh()

    def render(self) -> Content:
        load = self.load
        if load is None:
            return Content("")
        width = max(4, self.content_region.width or self.size.width)
        label = short_date(load.date)
        title: list = [(label, "bold")]
        room = width - len(label)
        if load.date == self.today:
            title.append((" ● today" if room >= 8 else " ●", "bold $accent"))
        elif not load.is_work_day and room >= 4:
            title.append((" off", "$text-muted"))
        style = f"$load-{load.status.value}"
        word = STATUS_WORD[load.status]
        figure = f"{hours(load.meeting_minutes)}/{hours(self.settings.overload_minutes)}"
        status_line: list = [(f" {word} ", f"bold reverse {style}"), " ", (figure, "$text-muted")]
        return Content.assemble(*title, "\n", *self._bar(width, style), "\n", *status_line)

    def _bar(self, width: int, style: str) -> list:
        """A bar whose overload line sits at three quarters of the width (│)."""
        load = self.load
        limit = max(1, self.settings.overload_minutes)
        line_at = max(1, (width * 3) // 4)
        filled = min(width, round(load.meeting_minutes * line_at / limit))
        parts: list = []
        for x in range(width):
            if x < filled:
                parts.append(("█", style))
            elif x == line_at:
                parts.append(("│", "$text-muted"))
            else:
                parts.append(("·", "$text-disabled"))
        # Merge runs of equal style so the content stays small.
        merged: list = []
        for text, st in parts:
            if merged and merged[-1][1] == st:
                merged[-1] = (merged[-1][0] + text, st)
            else:
                merged.append((text, st))
        return merged

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self))


def restyle(widget: Widget, nodes: list[Widget]) -> None:
    """Apply the stylesheet to just these nodes (their classes changed with update=False)."""
    if nodes and widget.is_attached:
        widget.app.stylesheet.update_nodes(nodes, animate=False)


class DayColumn(Vertical):
    """A day: its head and its cards in time order. Classes: -ok/-busy/-overloaded, -today,
    -current (the selected day), -off (not a work day)."""

    def __init__(self, index: int, **kwargs) -> None:
        super().__init__(classes="day", **kwargs)
        self.index = index
        self.load: DayLoad | None = None
        self._cards: list[MeetingCard] = []
        self._head = DayHead(classes="day-head")

    def prefill(
        self,
        load: DayLoad,
        settings: Settings,
        today: date,
        tz: ZoneInfo,
        client_names: dict[str, str],
        *,
        hidden: bool,
        selected: int | None,
    ) -> None:
        """Before mounting: the first day to show, so the first frame is styled only once."""
        self.load = load
        self.set_class(hidden, "-hidden", update=False)
        self._set_day_classes(load, today)
        self.set_class(selected is not None, "-current", update=False)
        self._head.load, self._head.settings, self._head.today = load, settings, today
        for i, meeting in enumerate(load.meetings):
            card = MeetingCard(self._card_data(meeting, load, client_names), tz, i)
            card.set_class(i == selected, "-selected", update=False)
            self._cards.append(card)

    @property
    def head(self) -> DayHead:
        return self._head

    def compose(self):
        yield self._head
        cards = VerticalScroll(classes="cards")
        cards.can_focus = False
        with cards:
            note = Static("no meetings", classes="empty-note", markup=False)
            note.display = not self._cards
            yield note
            yield from self._cards

    def _set_day_classes(self, load: DayLoad, today: date) -> None:
        for status, cls in _STATUS_CLASSES.items():
            self.set_class(load.status is status, cls, update=False)
        self.set_class(load.date == today, "-today", update=False)
        self.set_class(not load.is_work_day, "-off", update=False)

    @staticmethod
    def _card_data(meeting: Meeting, load: DayLoad, client_names: dict[str, str]) -> CardData:
        return CardData(
            meeting=meeting,
            client_name=client_names.get(meeting.client_id, "(unknown client)"),
            flags=load.flags.get(meeting.id, []),
        )

    @property
    def cards(self) -> list[MeetingCard]:
        """The cards of the shown day, in time order."""
        return self._cards

    def show(
        self,
        load: DayLoad,
        settings: Settings,
        today: date,
        tz: ZoneInfo,
        client_names: dict[str, str],
    ) -> None:
        self.load = load
        before = self.classes
        self._set_day_classes(load, today)
        # Restyle only what changed: the column and its head for day classes, single cards
        # for card classes (no rule styles a card by its column's classes).
        dirty: list[Widget] = [self, self._head] if self.classes != before else []
        self.query_one(DayHead).show(load, settings, today)
        container = self.query_one(".cards", VerticalScroll)
        existing = self._cards
        new_cards: list[MeetingCard] = []
        for i, meeting in enumerate(load.meetings):
            data = self._card_data(meeting, load, client_names)
            if i < len(existing):
                if existing[i].show(data, tz, i):
                    dirty.append(existing[i])
            else:
                new_cards.append(MeetingCard(data, tz, i))
        if new_cards:
            container.mount_all(new_cards)
        for card in existing[len(load.meetings) :]:
            card.remove()
        self._cards = existing[: len(load.meetings)] + new_cards
        note = self.query_one(".empty-note")
        if note.display != (not load.meetings):
            note.display = not load.meetings
        restyle(self, dirty)
        container.scroll_home(animate=False)
