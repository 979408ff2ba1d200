"""The week's footer: the keys the screen accepts, on one line that always fits.

Textual's Footer mounts one widget per key and cuts the line off at the right edge when the
terminal is narrow (at 80 columns the week lost ``? Help``). This bar is one widget that draws
``key description`` pairs in the screen's binding order and, when they do not all fit, leaves out
the least important first (the screen says which matter most); everything left out is still in
``?`` help and the command palette. Clicking a key works like pressing it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.widget import Widget


class KeyBar(Widget):
    """One line of keys. ``keep``: binding ids (and "palette"), most important first."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, keep: Sequence[str] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.keep = list(keep)
        self._spans: list[tuple[int, int, str]] = []  # (start x, end x, key) of what is drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        self.refresh()

    def entries(self) -> list[tuple[str, str, str, str, bool]]:
        """(id, key, key as shown, description, enabled) for each key to show, in order."""
        app = self.app
        active = self.screen.active_bindings
        found: list[tuple[str, str, str, str, bool]] = []
        actions: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            name = binding.id or binding.action
            found.append((name, binding.key, app.get_key_display(binding), binding.description, enabled))
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            found.append(("palette", binding.key, app.get_key_display(binding), "palette", enabled))
        return found

    def fitting(self, width: int) -> list[tuple[str, str, str, str, bool]]:
        """The entries that fit in ``width`` cells: the most important, shown in their order."""
        entries = self.entries()
        rank = {name: i for i, name in enumerate(self.keep)}
        by_importance = sorted(range(len(entries)), key=lambda i: (rank.get(entries[i][0], len(rank)), i))
        chosen: set[int] = set()
        used = 0
        for i in by_importance:
            _, _, shown, description, _ = entries[i]
            size = cell_len(shown) + 1 + cell_len(description) + (1 if chosen else 0)
            if used + size <= width:
                chosen.add(i)
                used += size
        return [entry for i, entry in enumerate(entries) if i in chosen]

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        parts: list = []
        self._spans = []
        x = 0
        for name, key, shown, description, enabled in self.fitting(width):
            if parts:
                parts.append(" ")
                x += 1
            key_part = Content(shown).stylize(".key-bar--key")
            text_part = Content(" " + description).stylize(".key-bar--description")
            if not enabled:
                key_part, text_part = key_part.stylize("dim"), text_part.stylize("dim")
            parts += [key_part, text_part]
            size = cell_len(shown) + 1 + cell_len(description)
            self._spans.append((x, x + size, key))
            x += size
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, key in self._spans:
            if start <= offset.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
