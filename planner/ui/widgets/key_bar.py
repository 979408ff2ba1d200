"""The week's footer: the keys the screen accepts, on one line that always fits.

Textual's Footer mounts one widget per key and cuts the line off at the right edge when the
terminal is narrow (at 80 columns the week lost ``? Help``). This bar is one widget that draws
``key label`` pairs in the order of the action registry (``planner/ui/actions.py``) and, when
they do not all fit, leaves out the least important first (the registry ranks them); everything
left out is still in ``?`` help and the command palette. Which keys show, and whether they are
dimmed, follows the screen's active bindings (an action the screen hides, such as undo with
nothing to undo, is not shown). Clicking a key works like pressing it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.widget import Widget

from planner.ui.actions import ACTIONS, Action, for_binding, label_text

_ORDER = {action_id: i for i, action_id in enumerate(ACTIONS)}


@dataclass(frozen=True, slots=True)
class KeyItem:
    action: Action
    key: str  # the bound key (pressed when the item is clicked)
    shown: str  # the key as shown ("n/p", "^p")
    label: str
    enabled: bool

    @property
    def width(self) -> int:
        return cell_len(self.shown) + 1 + cell_len(self.label)


class KeyBar(Widget):
    """One line of keys."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        text-wrap: nowrap;
    }

    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }

    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.spans: list[tuple[int, int, str]] = []  # (start x, end x, key) of what is drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen) -> None:
        self.refresh()

    def items(self) -> list[KeyItem]:
        """Every key the footer could show now, in the registry's order."""
        app = self.app
        found: dict[str, KeyItem] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            action = for_binding(binding)
            if action is None or action.footer is None or action.id in found:
                continue
            found[action.id] = KeyItem(
                action, binding.key, app.get_key_display(binding), label_text(action), enabled
            )
        return sorted(found.values(), key=lambda item: _ORDER[item.action.id])

    def fitting(self, width: int) -> list[KeyItem]:
        """The items that fit in ``width`` cells: the most important, shown in their order."""
        items = self.items()
        chosen: set[int] = set()
        used = 0
        for i in sorted(range(len(items)), key=lambda i: items[i].action.footer):
            size = items[i].width + (1 if chosen else 0)
            if used + size <= width:
                chosen.add(i)
                used += size
        return [item for i, item in enumerate(items) if i in chosen]

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        parts: list = []
        self.spans = []
        x = 0
        for item in self.fitting(width):
            if parts:
                parts.append(" ")
                x += 1
            key_part = Content(item.shown).stylize(".key-bar--key")
            text_part = Content(" " + item.label).stylize(".key-bar--description")
            if not item.enabled:
                key_part, text_part = key_part.stylize("dim"), text_part.stylize("dim")
            parts += [key_part, text_part]
            self.spans.append((x, x + item.width, item.key))
            x += item.width
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, key in self.spans:
            if start <= offset.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
