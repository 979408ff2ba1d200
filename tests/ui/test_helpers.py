"""The UI test helpers read what a user sees."""

from __future__ import annotations

from support.ui import WIDE, column_text, make_app, open_demo, screen_text


async def test_screen_text_reads_what_the_week_shows(tmp_path):
    store = open_demo(tmp_path / "p.json")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "2026-W49" in text
        assert "Wed 2 Dec" in column_text(app, 2)
    store.close()
