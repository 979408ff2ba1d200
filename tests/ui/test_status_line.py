"""The day's status line under its load bar: the amount stays whole in a narrow column."""

from __future__ import annotations

import pytest

from planner.domain.load import DayStatus
from planner.ui.widgets.day_column import status_line


@pytest.mark.parametrize(("width", "shown"), [
    (40, " OVERLOADED  6h30/5h"),  # room for everything
    (17, " OVERLOADED  6h30"),  # the limit goes first
    (15, "OVERLOADED 6h30"),  # then the word's padding
    (14, " OVER  6h30/5h"),  # then the short word, with the limit again (an 80-column week)
    (12, " OVER  6h30"),
    (10, "OVER 6h30"),
])
def test_a_narrow_column_keeps_the_amount_whole(width, shown):
    assert status_line(DayStatus.OVERLOADED, "6h30", "5h", "$load-overloaded", width).plain == shown


def test_short_words_stay_as_they_are():
    assert status_line(DayStatus.BUSY, "4h10", "5h", "$load-busy", 14).plain == " busy  4h10/5h"
    assert status_line(DayStatus.OK, "2h45", "5h", "$load-ok", 12).plain == " ok  2h45/5h"
