"""The line at the top of the week: ISO week, dates, meeting hours against the limit, focus,
overloaded days."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from planner.domain.load import DayStatus, WeekLoad
from planner.formats import duration as format_minutes
from planner.domain.models import Settings
from planner.formats import month
from planner.ui.text import hours, short_date


class WeekHeader(Widget):
    DEFAULT_CSS = """
    WeekHeader {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.week: WeekLoad | None = None
        self.settings = Settings()
        self.badge = ""

    def show(self, week: WeekLoad, settings: Settings, badge: str = "") -> None:
        self.week, self.settings, self.badge = week, settings, badge
        self.refresh()

    def render(self) -> Content:
        week = self.week
        if week is None:
            return Content("")
        width = self.size.width
        over = week.meeting_minutes > self.settings.week_overload_minutes
        load_style = "bold $load-overloaded" if over else "bold"
        n = week.overloaded_days
        days_style = "bold $load-overloaded" if n else "$text-muted"
        badge = [("  " + self.badge, "bold reverse $warning")] if self.badge else []
        if width >= 100:
            span = f"{short_date(week.start)} – {short_date(week.end)} {week.end.year}"
            return Content.assemble(
                (week.label, "bold $accent"),
                "  ",
                span,
                "   meetings ",
                (format_minutes(week.meeting_minutes), load_style),
                f" of {format_minutes(self.settings.week_overload_minutes)}",
                "   focus ",
                (format_minutes(week.focus_minutes), "bold"),
                "   ",
                (f"{n} overloaded day" + ("" if n == 1 else "s"), days_style),
                *badge,
            )
        span = f"{week.start.day} {month(week.start, short=True)}–{week.end.day} {month(week.end, short=True)}"
        status = " over" if week.status is DayStatus.OVERLOADED else ""
        return Content.assemble(
            (week.label, "bold $accent"),
            " ",
            span,
            " ",
            (f"{hours(week.meeting_minutes)}/{hours(self.settings.week_overload_minutes)}{status}", load_style),
            f" focus {hours(week.focus_minutes)} ",
            (f"{n} overloaded", days_style),
            *badge,
        )
