"""A day of the week as a column of meeting cards, like a kanban board's column.

One widget per day draws its head (date, load bar, status word) and its cards as lines of text,
rather than one widget per card: the week has seven widgets to lay out instead of a hundred, which
keeps the first frame and a week change fast. The look stays in the stylesheet: the column's
classes (``-ok``/``-busy``/``-overloaded``, ``-current``, ``-today``, ``-off``) are ordinary CSS
classes, the head is the column's component class ``day-column--head``, and the parts of a card
(``day-column--card``, ``day-column--card-selected`` ...) are component classes of the row of
columns, :class:`WeekDays`, styled once for all seven in planner.tcss (a card's margin, padding
and left border are read from there too).

Columns are mounted once and reused: :meth:`DayColumn.show` swaps in another day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from rich.segment import Segment
from textual import events
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from planner.i18n import _
from planner.domain.load import DayLoad, DayStatus
from planner.domain.models import Meeting, Settings
from planner.ui.text import flag_marks, status_word, status_word_short, hours, location_mark, short_date, status_note, time_range

_STATUS_CLASSES = {s: f"-{s.value}" for s in DayStatus}
_FLAG_STYLE = {"‼": "bold $load-overloaded", "⇄": "bold $load-busy", "☾": "$text-muted"}
# The left edge of a card, by the border type its component class sets in the stylesheet.
_EDGE = {"outer": "▌", "thick": "█", "tall": "▊", "wide": "▎", "vkey": "▏", "solid": "│", "heavy": "┃",
         "double": "║", "round": "│", "ascii": "|", "panel": "▌", "block": "█", "inner": "▐"}
HEAD_LINES = 3  # date, load bar, status word


@dataclass(slots=True)
class CardData:
    meeting: Meeting
    client_name: str
    flags: list[str]


def restyle(widget: Widget, nodes: list[Widget]) -> None:
    """Apply the stylesheet to just these nodes (their classes changed with update=False)."""
    if nodes and widget.is_attached:
        widget.app.stylesheet.update_nodes(nodes, animate=False)


class WeekDays(Horizontal):
    """The row of day columns. Holds the card styles all columns share (one set of component
    classes for the seven columns keeps styling cheap)."""

    # A meeting card: time and marks, client, title. Margin, padding and the left border are
    # read from here too.
    DEFAULT_CSS = """
    WeekDays {
        height: 1fr;

        & > .day-column--note {
            color: $text-muted;
        }
        & > .day-column--card {
            margin: 1 0 0 0;
            padding: 0 1;
            background: $panel 40%;
            border-left: outer $panel;
        }
        & > .day-column--card-hover {
            background: $panel 80%;
        }
        & > .day-column--card-b2b {
            border-left: outer $load-busy;
        }
        & > .day-column--card-double {
            border-left: outer $load-overloaded;
        }
        & > .day-column--card-free {
            color: $text-muted;
            text-style: strike;
        }
        & > .day-column--card-selected {
            background: $accent 30%;
            border-left: outer $accent;
            color: $text;
        }
    }
    """

    COMPONENT_CLASSES = {
        "day-column--card",
        "day-column--card-b2b",
        "day-column--card-double",
        "day-column--card-free",
        "day-column--card-hover",
        "day-column--card-selected",
        "day-column--note",
    }


def status_line(status: DayStatus, used: str, limit: str, style: str, width: int) -> Content:
    """" OVERLOADED  6h30/5h": the status in a word and the day's meeting time against the limit.
    A narrow column drops the limit, then takes the short word ("OVER"), so the amount stays whole."""
    word, short = status_word(status), status_word_short(status)
    tries = ((" ", word, f"{used}/{limit}"), (" ", word, used), ("", word, used), (" ", short, f"{used}/{limit}"),
             (" ", short, used), ("", short, used))
    for pad, shown, figure in tries:
        if len(pad + shown + pad) + 1 + len(figure) <= width:
            break
    return Content.assemble((f"{pad}{shown}{pad}", f"bold reverse {style}"), " ", (figure, "$text-muted"))


class DayColumn(Widget):
    """A day: its head and its meetings in time order, drawn as cards.

    Classes: -ok/-busy/-overloaded, -today, -current (the selected day), -off (not a work day),
    -hidden. When the cards do not fit, the column shows a window of them that follows the
    selection (the mouse wheel moves it too), with "▲ 2 earlier" / "▼ 3 more" lines.
    """

    # The day's status colour frames the column's top; the word says it too.
    DEFAULT_CSS = """
    DayColumn {
        width: 1fr;
        height: 1fr;
        margin: 0 0 0 1;
        background: $surface;
        border-top: tall $panel;
        text-wrap: nowrap;

        & > .day-column--head {
            padding: 0 1;
        }
        &.-today > .day-column--head {
            text-style: bold;
        }
        &.-off > .day-column--head {
            color: $text-muted;
        }
        &.-current {
            background: $boost;
            border-top: tall $accent;
        }
        &.-busy {
            border-top: tall $load-busy;
        }
        &.-overloaded {
            border-top: tall $load-overloaded;
            background: $load-overloaded 8%;
        }
        &.-overloaded.-current {
            background: $load-overloaded 14%;
        }
        &.-hidden {
            display: none;
        }
    }
    """

    COMPONENT_CLASSES = {"day-column--head"}

    class Clicked(Message):
        """A click on a card (``card`` is its index in the day) or on the head (``card`` None)."""

        def __init__(self, column: DayColumn, card: int | None) -> None:
            super().__init__()
            self.column = column
            self.card = card

    def __init__(self, index: int, **kwargs) -> None:
        super().__init__(classes="day", **kwargs)
        self.index = index
        self.load: DayLoad | None = None
        self.settings = Settings()
        self.today: date | None = None
        self.tz: ZoneInfo | None = None
        self._cards: list[CardData] = []
        self.selected: int | None = None  # the selected card, on the current day only
        self._top = 0  # the first card in sight
        self._follow = True  # bring the selected card into sight at the next render
        self._hover: int | None = None
        self._targets: list[tuple[str, int | None]] = []  # what each content line is, for clicks
        self._card_styles: dict[tuple[str, ...], tuple[Style, tuple[str, object]]] = {}
        self._strips: list[Strip] | None = None  # the drawn lines, until the next change
        self._strips_width = 0
        self._blank = Strip.blank(0)

    # --- what the column shows ----------------------------------------------------------------

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
        self.set_class(hidden, "-hidden", update=False)
        self.set_class(selected is not None, "-current", update=False)
        self._take(load, settings, today, tz, client_names)
        self.selected = selected

    def show(
        self,
        load: DayLoad,
        settings: Settings,
        today: date,
        tz: ZoneInfo,
        client_names: dict[str, str],
    ) -> bool:
        """Show another day. True if the column's classes changed (the caller restyles it)."""
        before = self.classes
        self._take(load, settings, today, tz, client_names)
        self._top, self._hover = 0, None
        self.refresh()
        return self.classes != before

    def _take(self, load, settings, today, tz, client_names) -> None:
        self.load, self.settings, self.today, self.tz = load, settings, today, tz
        for status, cls in _STATUS_CLASSES.items():
            self.set_class(load.status is status, cls, update=False)
        self.set_class(load.date == today, "-today", update=False)
        self.set_class(not load.is_work_day, "-off", update=False)
        self._cards = [
            CardData(
                meeting=m,
                client_name=client_names.get(m.client_id, _("(unknown client)")),
                flags=load.flags.get(m.id, []),
            )
            for m in load.meetings
        ]
        self._follow = True

    def select(self, index: int | None) -> None:
        """Mark a card as selected (None: none on this day) and bring it into sight."""
        if index != self.selected:
            self.selected = index
            self._follow = True
            self.refresh()

    # --- drawing --------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._card_styles.clear()
        self._strips = None
        self._follow = True  # a new margin may change what fits

    def on_resize(self) -> None:
        self._strips = None
        self._follow = True

    def _part(self, *names: str) -> tuple[Style, tuple[str, object]]:
        """(style, left border) of a card part: the shared component styles of :class:`WeekDays`
        over this column's own colours."""
        cached = self._card_styles.get(names)
        if cached is None:
            base = self.visual_style
            parent = self.parent
            if isinstance(parent, WeekDays):
                part = parent.get_component_styles(*names)
                background = base.background + part.background if part.has_rule("background") else base.background
                foreground = part.color if part.has_rule("color") else base.foreground
                if part.has_rule("auto_color") and part.auto_color:  # e.g. $text: contrast
                    foreground = background.get_contrast_text(part.color.a)
                text = part.text_style if part.has_rule("text_style") else None
                style = Style(
                    background=background,
                    foreground=foreground,
                    bold=text.bold if text else base.bold,
                    italic=text.italic if text else base.italic,
                    strike=text.strike if text else base.strike,
                    underline=text.underline if text else base.underline,
                    dim=text.dim if text else base.dim,
                )
                border = part.border_left
            else:  # not mounted in a week row (nothing to draw yet)
                style, border = base, ("", base.foreground)
            cached = self._card_styles[names] = (style, border)
        return cached

    def _card_style(self, *names: str) -> tuple[Style, Style, str]:
        """(card style, edge style, edge character) for a card with these component classes."""
        card, (border_type, border_colour) = self._part(*names)
        edge = _EDGE.get(border_type, " ") if border_type not in ("", "none", "hidden") else " "
        colour = card.background + border_colour if card.background else border_colour
        return card, Style(foreground=colour), edge

    def _card_box(self) -> tuple[int, int, int]:
        """(lines above each card, left padding, right padding) from the stylesheet."""
        parent = self.parent
        if not isinstance(parent, WeekDays):
            return 1, 1, 1
        styles = parent.get_component_styles("day-column--card")
        margin, padding = styles.margin, styles.padding
        return margin.top, padding.left, padding.right

    def _window(self, room: int, slot: int, follow: bool) -> tuple[int, int]:
        """(first card in sight, how many) for ``room`` lines of cards ``slot`` lines each;
        ``follow``: move the window so that the selected card is in it."""
        n = len(self._cards)
        if n * slot <= room:
            return 0, n

        def fits(top: int) -> int:
            space = room - (1 if top else 0)
            k = 0
            while top + k < n and (k + 1) * slot + (1 if top + k + 1 < n else 0) <= space:
                k += 1
            return max(1, k)

        top = max(0, min(self._top, n - 1))
        if follow and self.selected is not None:
            top = min(top, self.selected)
            while self.selected >= top + fits(top):
                top += 1
        while top > 0 and fits(top - 1) + top - 1 >= n and top + fits(top) >= n:
            top -= 1  # no blank space at the end when earlier cards would fit there
        return top, fits(top)

    # Textual's line API: the styles cache asks for one line at a time (and adds the column's
    # border and background); the lines are made once per change and kept until the next.

    def refresh(self, *regions, **kwargs):
        self._strips = None
        return super().refresh(*regions, **kwargs)

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if self._strips is None or self._strips_width != width:
            base = self.visual_style
            parse = self.app.stylesheet.parse_style
            strips = []
            for line in self._lines():
                segments = [
                    Segment(text, style.rich_style)
                    for text, style in line.truncate(width, pad=True).render(base, end="", parse_style=parse)
                ]
                strips.append(Strip(segments, width))
            self._strips, self._strips_width = strips, width
            self._blank = Strip.blank(width, base.rich_style)
        return self._strips[y] if 0 <= y < len(self._strips) else self._blank

    def render(self) -> Content:
        """The column as one piece of text (what the lines say; drawing uses render_line)."""
        return Content("\n").join(self._lines())

    def _lines(self) -> list[Content]:
        """The head and the cards in sight, one Content per line, each the column's width."""
        width, height = self.content_region.size
        load = self.load
        if load is None or width <= 0 or height <= 0:
            self._targets = []
            return []
        lines: list[Content] = []
        targets: list[tuple[str, int | None]] = []
        head_style = self.get_visual_style("day-column--head")
        head_padding = self.get_component_styles("day-column--head").padding
        head_width = max(4, width - head_padding.left - head_padding.right)
        for line in self._head(head_width):
            line = Content.assemble(" " * head_padding.left, line.truncate(head_width, ellipsis=True))
            lines.append(line.truncate(width, pad=True).stylize_before(head_style))
            targets.append(("head", None))
        note_style = self._part("day-column--note")[0]
        gap, left, right = self._card_box()
        room = height - HEAD_LINES
        follow, self._follow = self._follow, self._follow and room <= 0
        if not self._cards:
            lines += [Content("")] * min(gap, max(0, room))
            targets += [("", None)] * min(gap, max(0, room))
            lines.append(Content(" " + _("no meetings")).truncate(width, ellipsis=True).stylize_before(note_style))
            targets.append(("head", None))
        else:
            top, count = self._window(room, gap + 3, follow)
            self._top = top
            if top:
                lines.append(Content(" ▲ " + _("{n} earlier").format(n=top)).truncate(width, ellipsis=True).stylize_before(note_style))
                targets.append(("up", None))
            for i in range(top, top + count):
                for _line in range(gap):
                    lines.append(Content(""))
                    targets.append(("", None))
                for line in self._card_lines(i, width, left, right):
                    lines.append(line)
                    targets.append(("card", i))
            hidden = len(self._cards) - top - count
            if hidden > 0:
                lines.append(Content(" ▼ " + _("{n} more").format(n=hidden)).truncate(width, ellipsis=True).stylize_before(note_style))
                targets.append(("down", None))
        self._targets = targets[:height]
        return lines[:height]

    def _head(self, width: int) -> list[Content]:
        """The date (today marked), a load bar against the overload line, the status in a word."""
        load = self.load
        label = short_date(load.date)
        title: list = [(label, "bold")]
        room = width - len(label)
        if load.date == self.today:
            today = _("today")
            title.append((f" ● {today}" if room >= 3 + len(today) else " ●", "bold $accent"))
        elif not load.is_work_day and room >= 4:
            title.append((" " + _("off"), "$text-muted"))
        style = f"$load-{load.status.value}"
        used = hours(load.meeting_minutes)
        return [
            Content.assemble(*title),
            Content.assemble(*self._bar(width, style)),
            status_line(load.status, used, hours(self.settings.overload_minutes), style, width),
        ]

    def _bar(self, width: int, style: str) -> list:
        """A bar whose overload line sits at three quarters of the width (│)."""
        load = self.load
        limit = max(1, self.settings.overload_minutes)
        line_at = max(1, (width * 3) // 4)
        filled = min(width, round(load.meeting_minutes * line_at / limit))
        parts: list = []
        if filled:
            parts.append(("█" * filled, style))
        if filled <= line_at:
            parts.append(("·" * (line_at - filled), "$text-disabled"))
            if line_at < width:
                parts.append(("│", "$text-muted"))
            parts.append(("·" * (width - line_at - 1), "$text-disabled"))
        else:
            parts.append(("·" * (width - filled), "$text-disabled"))
        return parts

    def _card_lines(self, index: int, width: int, left: int, right: int) -> list[Content]:
        """Three lines: time range and marks, client, title; each the full width of the column."""
        data = self._cards[index]
        meeting = data.meeting
        names = ["day-column--card"]
        if "back-to-back" in data.flags:
            names.append("day-column--card-b2b")
        if "double-booked" in data.flags:
            names.append("day-column--card-double")
        if not meeting.takes_time:
            names.append("day-column--card-free")
        if index == self._hover:
            names.append("day-column--card-hover")
        if index == self.selected:
            names.append("day-column--card-selected")
        card_style, edge_style, edge = self._card_style(*names)
        room = max(1, width - 1 - left - right)
        marks = flag_marks(data.flags)
        when = time_range(meeting, self.tz)
        where = location_mark(meeting)
        if len(when) + len(where) + len(marks) + 2 > room and "-" in when:
            # A narrow column: the start time alone, so the marks stay in sight.
            when = when.split("-")[0]
            if len(when) + len(where) + len(marks) + 2 > room:
                where = where[:1]
        first: list = [(when, "bold"), " ", where]
        if marks:
            first.append(" ")
            first.extend((mark, _FLAG_STYLE[mark]) for mark in marks)
        if note := status_note(meeting):
            first.extend([" ", (note, "italic")])
        texts = [
            Content.assemble(*first),
            Content.assemble((data.client_name, "bold")),
            Content(meeting.title or _("(no title)")),
        ]
        edge_part = (edge, edge_style)
        pad_left, pad_right = " " * left, " " * right
        return [
            Content.assemble(edge_part, pad_left, text.truncate(room, ellipsis=True, pad=True), pad_right)
            .truncate(width, pad=True)
            .stylize_before(card_style)
            for text in texts
        ]

    # --- mouse --------------------------------------------------------------------------------

    def _target_at(self, event: events.MouseEvent) -> tuple[str, int | None] | None:
        offset = event.get_content_offset(self)
        if offset is None or not 0 <= offset.y < len(self._targets):
            return None
        return self._targets[offset.y]

    def on_click(self, event: events.Click) -> None:
        event.stop()
        target = self._target_at(event)
        if target is None:
            return
        kind, index = target
        if kind == "card":
            self.post_message(self.Clicked(self, index))
        elif kind == "head":
            self.post_message(self.Clicked(self, None))
        elif kind in ("up", "down"):
            self._scroll(-1 if kind == "up" else 1)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        target = self._target_at(event)
        hover = target[1] if target is not None and target[0] == "card" else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll(-1)

    def _scroll(self, step: int) -> None:
        """Move the window of cards (the selection may leave it, as in any scrolled list)."""
        top = max(0, min(self._top + step, len(self._cards) - 1))
        if top != self._top:
            self._top, self._follow = top, False
            self.refresh()
