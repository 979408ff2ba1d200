"""Every action of the app in one table: its keys, a stable id, the words a person reads for it,
the screen it belongs to and where it shows.

Nothing else in the UI spells out a key. From this table come:

- the Textual ``Binding``s of each screen (:func:`bindings`), each with the action's id, so
  ``App.set_keymap({"week.next": "right_square_bracket"})`` rebinds a key by its id;
- the week's footer (``widgets/key_bar.py``): the actions with a footer rank, the most important
  kept when the terminal is narrow;
- the ``?`` help screen (:func:`help_rows`) and the command palette (:func:`palette_actions`);
- how a key is named to a person (:func:`key_name`), in the footer and in help alike.

An id is ``<scope>.<name>``: the scope is the screen (or widget) that binds it ("week", "wizard",
"drafts" ...) or "app" for keys that work everywhere. The words are marked with ``N_`` and
translated where they are shown, so a change of language shows at the next draw.

A screen takes its bindings from the registry::

    from planner.ui.actions import bindings

    class DraftsScreen(Screen[None]):
        BINDINGS = bindings("drafts")  # every action whose id starts with "drafts."

        def action_copy(self) -> None:  # "drafts.copy" runs action "copy" on the screen
            ...

A new key: add an :class:`Action` below (its ``action`` is run on the screen that binds it, as
any Textual binding), write the ``action_`` method, and if it is a key of the week view, add it
to the README's keys table (a test compares the two). A test also fails when a bound action has
no method, so no key is shown that does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import format_key

from planner.i18n import N_, NP_, _, pgettext


@dataclass(frozen=True, slots=True)
class Action:
    """One action. ``keys``: Textual key names, comma-separated ("left,h": either key)."""

    id: str
    keys: str
    action: str  # what the binding runs on its screen: "next_week", "move_day(-1)", "app.quit"
    name: str  # in ? help and the command palette
    description: str  # in ? help and the command palette
    label: str = ""  # in the footer (short); the name when empty
    footer: int | None = None  # rank in the footer (0 is kept longest); None: not in the footer
    help: bool = True
    palette: bool = True
    priority: bool = False  # before the focused widget (keys a text field would otherwise take)
    footer_keys: tuple[str, ...] = ()  # the keys one footer item stands for ("n", "p": n/p)
    footer_joiner: str = "/"
    bound: bool = True  # False: Textual binds it itself (the command palette's key)
    instead_of: str = ""  # shares its key with this action; the screen shows one at a time
    # The key the footer, help and buttons name, in the interface language (pgettext "key"): a
    # language's own letter ("y" for yes is "j" for ja in Danish). Every translation is one of keys.
    shown_key: str = ""
    # The footer label's catalogue context, where one English label needs two translations ("Add"
    # a meeting is "Ny" in Danish, "Add" a calendar "Tilføj"): marked NP_(label_context, label).
    label_context: str = ""

    @property
    def scope(self) -> str:
        return self.id.partition(".")[0]

    @property
    def key_list(self) -> list[str]:
        return [key.strip() for key in self.keys.split(",")]

    @property
    def method(self) -> str:
        """The name of the method the action runs ("move_day" for "move_day(-1)")."""
        return self.action.partition("(")[0]


_ARROWS = ("left", "down", "up", "right")

# The order is the order of the footer and of ? help. Footer ranks: 0 is dropped last.
_TABLE = [
    # --- everywhere ---
    Action("app.quit", "ctrl+q", "quit", N_("Quit"), N_("Leave the planner"), help=False, palette=False,
           priority=True),
    # --- the week view ---
    Action("week.left", "left,h", "move_day(-1)", N_("Previous day"), N_("Select the day to the left"),
           label=N_("Move"), footer=2, footer_keys=_ARROWS, footer_joiner="", palette=False),
    Action("week.right", "right,l", "move_day(1)", N_("Next day"), N_("Select the day to the right"),
           palette=False),
    Action("week.up", "up,k", "move_meeting(-1)", N_("Previous meeting"), N_("Select the meeting above"),
           palette=False),
    Action("week.down", "down,j", "move_meeting(1)", N_("Next meeting"), N_("Select the meeting below"),
           palette=False),
    Action("week.next", "n", "next_week", N_("Next week"), N_("Show the week after"),
           label=N_("Week"), footer=1, footer_keys=("n", "p")),
    Action("week.previous", "p", "previous_week", N_("Previous week"), N_("Show the week before")),
    Action("week.today", "t", "today", N_("Today"), N_("Show this week and select today"), footer=15),
    Action("week.go-to", "g", "go_to", N_("Go to a date"),
           N_('Show the week of a typed date ("1/12", "mon", "+3")'), label=N_("Go to"), footer=9),
    Action("week.details", "enter", "details", N_("Meeting details"), N_("Everything about the selected meeting"),
           label=N_("Info"), footer=14),
    Action("week.add", "a", "add", N_("Add a meeting"), N_("A new meeting on the selected day"),
           label=N_("Add"), footer=3),
    Action("week.edit", "e", "edit", N_("Edit the meeting"), N_("Change the selected meeting"),
           label=N_("Edit"), footer=4),
    Action("week.delete", "d", "delete", N_("Delete the meeting"),
           N_("Delete the selected meeting (asks first; u undoes)"), label=N_("Delete"), footer=5),
    Action("week.undo", "u", "undo", N_("Undo the last delete or change"),
           N_("Bring back what the last delete or wizard change altered"), label=N_("Undo"), footer=6),
    Action("week.wizard", "c", "wizard", N_("Get me out of this meeting"),
           N_("Advice for the selected meeting, then the message to send"), label=N_("Get out"), footer=7),
    Action("week.lighten", "L", "lighten", N_("Lighten the day"),
           N_("The least-cost plan that brings the selected day out of overloaded"), label=N_("Lighten"),
           footer=17),
    Action("week.import", "i", "import_calendar", N_("Import a calendar"),
           N_("Read an .ics file, see what would change, then import it"), label=N_("Import"), footer=10),
    Action("week.sync", "r", "sync_now", N_("Sync now"),
           N_("Take your calendars' changes and send yours"), label=N_("Sync")),
    Action("week.calendars", "R", "calendars", N_("Calendars"),
           N_("Your real calendars: add, test, sync, remove, settle conflicts")),
    Action("week.drafts", "D", "drafts", N_("Drafts"),
           N_("The messages written so far: preview, copy, export again"), footer=8),
    Action("week.clients", "C", "clients", N_("Clients"), N_("List, add, edit and delete clients"), footer=11),
    Action("week.settings", "s", "settings", N_("Settings"),
           N_("Your name, work hours, load limits, date order, theme"), label=N_("Setup"), footer=12),
    Action("week.help", "question_mark", "help", N_("Help"), N_("Every key of the week view"), footer=0),
    # Textual binds the palette's key on every screen (App.COMMAND_PALETTE_BINDING is set from here).
    Action("app.palette", "ctrl+p", "command_palette", N_("Command palette"),
           N_("Every action by name, and theme switching"), label=N_("palette"), footer=13, palette=False,
           bound=False),
    Action("week.quit", "q", "app.quit", N_("Quit"), N_("Leave the planner"), footer=16, palette=False),
    # --- clients ---
    Action("clients.add", "a", "add", N_("Add a client"), N_("A new client"), label=N_("Add"), footer=0),
    Action("clients.edit", "e", "edit", N_("Edit the client"), N_("Change the selected client"),
           label=N_("Edit"), footer=1),
    Action("clients.delete", "d", "delete", N_("Delete the client"),
           N_("Delete the selected client (asks what happens to their meetings)"), label=N_("Delete"), footer=2),
    Action("clients.close", "escape,q", "close", N_("Back"), N_("Back to the week"), footer=3, palette=False),
    Action("client-form.save", "ctrl+s", "save", N_("Save"), N_("Save the client"), footer=0, priority=True),
    Action("client-form.cancel", "escape", "cancel", N_("Cancel"), N_("Close without saving"), footer=1,
           palette=False),
    Action("client-delete.cancel", "escape", "cancel", N_("Cancel"), N_("Keep the client and their meetings"),
           footer=0, palette=False),
    # --- meetings: the form, the details, go to, the yes/no question ---
    Action("meeting-form.save", "ctrl+s", "save", N_("Save"), N_("Save the meeting"), footer=0, priority=True),
    Action("meeting-form.cancel", "escape", "cancel", N_("Cancel"), N_("Close without saving"), footer=1,
           palette=False),
    Action("details.close", "escape,enter,q", "close", N_("Close"), N_("Back to the week"), footer=0,
           palette=False),
    Action("go-to.cancel", "escape", "cancel", N_("Cancel"), N_("Stay on this week"), footer=0, palette=False),
    Action("confirm.yes", "y,j", "answer(True)", N_("Yes"), N_("Do it"), footer=0, palette=False,
           shown_key=NP_("key", "y")),
    Action("confirm.no", "n,escape", "answer(False)", N_("No"), N_("Do not do it"), footer=1, palette=False),
    Action("help.close", "escape,question_mark,q", "close", N_("Close"), N_("Back to the week"), footer=0,
           palette=False),
    # --- settings ---
    Action("settings.save", "ctrl+s", "save", N_("Save"), N_("Save the settings"), footer=0, priority=True),
    Action("settings.cancel", "escape", "cancel", N_("Cancel"), N_("Close without saving"), footer=1,
           palette=False),
    Action("settings.calendars", "ctrl+o", "calendars", N_("Calendars"),
           N_("Your real calendars: add, test, sync, remove, settle conflicts"), footer=2, priority=True),
    # --- calendars (Settings › Calendars) ---
    Action("calendars.add", "a", "add", N_("Add a calendar"), N_("A CalDAV calendar or an .ics subscription"),
           label=NP_("calendar", "Add"), label_context="calendar", footer=0),
    Action("calendars.sync", "r", "sync", N_("Sync now"), N_("Take your calendars' changes and send yours"),
           label=N_("Sync"), footer=1),
    Action("calendars.test", "t", "test", N_("Test the connection"), N_("Ask the selected calendar's server"),
           label=N_("Test"), footer=2),
    Action("calendars.conflicts", "c", "conflicts", N_("Settle conflicts"),
           N_("Keep your version or take the server's, for each conflict of the selected calendar"),
           label=N_("Conflicts"), footer=3),
    Action("calendars.remove", "d", "remove", N_("Remove the calendar"),
           N_("Forget the selected calendar (asks first; its meetings stay)"), label=N_("Remove"), footer=4),
    Action("calendars.close", "escape,q", "close", N_("Back"), N_("Back to where you were"), footer=5,
           palette=False),
    Action("calendar-form.save", "ctrl+s", "save", N_("Add the calendar"), N_("Ask the server, then add the calendar"),
           label=NP_("calendar", "Add"), label_context="calendar", footer=0, priority=True),
    Action("calendar-form.cancel", "escape", "cancel", N_("Cancel"), N_("Close without adding"), footer=1,
           palette=False),
    Action("conflicts.mine", "m", "mine", N_("Keep mine"), N_("Your version goes to the server at the next sync"),
           footer=0),
    Action("conflicts.theirs", "t", "theirs", N_("Take theirs"), N_("The server's version replaces yours"),
           footer=1),
    Action("conflicts.close", "escape,q", "close", N_("Close"), N_("Back to the calendars"), footer=2,
           palette=False),
    # --- drafts (the ctrl keys are the wizard's; the letters were there first) ---
    Action("drafts.copy", "ctrl+o,c", "copy", N_("Copy"), N_("Copy the selected message as plain text"),
           footer=0),
    Action("drafts.export", "ctrl+s,x", "export", N_("Export again"),
           N_("Write the selected message to a new file"), footer=1),
    Action("drafts.mail", "m", "mail", N_("Mail"), N_("Open the selected message in your mail program"), footer=1),
    Action("drafts.export-eml", "ctrl+e", "export_eml", N_("As email"),
           N_("Save the selected message as an email draft (.eml) to open in your mail program"), footer=2),
    Action("drafts.close", "escape,q", "close", N_("Back"), N_("Back to the week"), footer=3, palette=False),
    # --- import a calendar ---
    Action("import.cancel", "escape", "cancel", N_("Cancel"), N_("Close without importing"), footer=1,
           palette=False),
    Action("import.import", "ctrl+s", "import", N_("Import"), N_("Import what the preview shows"), footer=0,
           priority=True),
    Action("import-path.complete", "tab", "complete", N_("Complete"),
           N_("Take the suggested folder or file (or go to the next field)"), help=False, palette=False),
    # --- lightening a day ---
    Action("lighten.drop", "x", "drop", N_("Drop"), N_("Keep the highlighted meeting as it is; the plan finds the time elsewhere"), footer=0),
    Action("lighten.swap", "s", "swap", N_("Swap"), N_("The next way to free time from the highlighted meeting"),
           footer=1),
    Action("lighten.messages", "ctrl+n", "messages", N_("Messages"), N_("The messages for the plan"), footer=2,
           priority=True),
    Action("lighten.plan", "ctrl+b", "plan", N_("Plan"), N_("Back to the plan"), footer=3, priority=True),
    Action("lighten.export", "ctrl+s", "export", N_("Export all"), N_("Write every message to a file"), footer=4,
           priority=True),
    Action("lighten.apply", "ctrl+r", "apply", N_("Apply all"), N_("Make every change of the plan in the calendar"),
           footer=5, priority=True),
    Action("lighten.undo", "ctrl+r", "undo", N_("Undo all"), N_("Take every change of the plan back"), footer=5,
           priority=True, instead_of="lighten.apply"),
    Action("lighten.close", "escape", "close", N_("Close"), N_("Back to the week"), footer=6, palette=False),
    # --- the wizard (planner/ui/screens/wizard/) ---
    Action("wizard.next", "ctrl+n", "next", N_("Next"), N_("The next step"), footer=0, priority=True),
    Action("wizard.back", "ctrl+b", "back", N_("Back"), N_("The step before"), footer=1, priority=True),
    Action("wizard.close", "escape", "close", N_("Close"), N_("Close the wizard (asks if answers would be lost)"),
           footer=2, palette=False),
    Action("wizard.export", "ctrl+s", "export", N_("Export"), N_("Write the message to a file"), footer=3,
           priority=True),
    Action("wizard.copy", "ctrl+o", "copy", N_("Copy"), N_("Copy the message as plain text"), footer=4,
           priority=True),
    Action("wizard.export-eml", "ctrl+e", "export_eml", N_("As email"),
           N_("Save the message as an email draft (.eml), with the calendar update when you organise it"),
           footer=7, priority=True),
    Action("wizard.mail", "m", "mail", N_("Mail"),
           N_("Open the message in your mail program (when the text has no focus), else save it as an email draft"),
           footer=8),
    Action("wizard.apply", "ctrl+r", "apply", N_("Apply"), N_("Make the change in the calendar"), footer=5,
           priority=True),
    Action("wizard.undo", "ctrl+r", "undo_apply", N_("Undo change"), N_("Take the calendar change back"),
           footer=5, priority=True, instead_of="wizard.apply"),
    Action("wizard.language", "ctrl+l", "language", N_("Language"), N_("Write the message in English or Danish"),
           footer=6, priority=True),
]

ACTIONS: dict[str, Action] = {action.id: action for action in _TABLE}

# How a key is named to a person: (in help, in the footer), for the keys whose names are words
# (translated where shown). Other keys as Textual names them: "a", "D", "?", "←", "]";
# ctrl+x is "ctrl+x" in help and "^x" in the footer.
_KEY_NAMES: dict[str, tuple[str, str]] = {
    "enter": (N_("enter"), "⏎"),
    "escape": (N_("esc"), N_("esc")),
    "tab": (N_("tab"), N_("tab")),
    "space": (N_("space"), N_("space")),
}


def key_name(key: str, *, short: bool = False) -> str:
    """A key as a person reads it: "←", "enter", "ctrl+s"; ``short`` (the footer): "⏎", "^s"."""
    names = _KEY_NAMES.get(key)
    if names is not None:
        return _(names[1] if short else names[0])
    modifiers, plus, rest = key.rpartition("+")
    if not plus:
        return format_key(key)
    if modifiers == "ctrl" and short:
        return f"^{key_name(rest, short=True)}"
    return f"{modifiers}+{key_name(rest, short=short)}"


def scope_actions(scope: str) -> list[Action]:
    return [action for action in _TABLE if action.scope == scope]


def bindings(scope: str) -> list[Binding]:
    """The Textual bindings of a screen (or widget): every bound action of ``scope``."""
    return [
        Binding(
            action.keys,
            action.action,
            label_text(action),
            show=action.footer is not None,
            priority=action.priority,
            tooltip=_(action.description),
            id=action.id,
        )
        for action in scope_actions(scope)
        if action.bound
    ]


def label_text(action: Action) -> str:
    """The action's footer label in the interface language."""
    if action.label_context:
        return pgettext(action.label_context, action.label)
    return _(action.label or action.name)


def help_rows(scope: str) -> list[tuple[str, str, str]]:
    """(keys, name, what it does) for ``?`` help: the actions of ``scope`` and the app's, in order."""
    return [
        (" ".join(key_name(key) for key in shown_keys(action)), _(action.name), _(action.description))
        for action in _TABLE
        if action.help and action.scope in (scope, "app")
    ]


def shown_keys(action: Action) -> list[str]:
    """The keys a person is told of: its key in the interface language when it has one, else all."""
    return [pgettext("key", action.shown_key)] if action.shown_key else action.key_list


def palette_actions(screen_bindings: list[Binding]) -> list[Action]:
    """The actions a screen's bindings run that belong in the command palette, in order."""
    ids = {binding.id for binding in screen_bindings}
    return [action for action in _TABLE if action.id in ids and action.palette]


def for_binding(binding: Binding) -> Action | None:
    """The registry's action of a binding: by its id, or (for the keys Textual binds itself, like
    the command palette's) by the app's action it runs."""
    if binding.id is not None:
        return ACTIONS.get(binding.id)
    return next((a for a in _TABLE if a.scope == "app" and a.action == binding.action), None)


def key_display(binding: Binding) -> str:
    """How the footer names a binding's key: its action's group of keys ("n/p", "←↓↑→"), or the
    key alone (also when a keymap has moved the action to another key)."""
    action = for_binding(binding)
    if action is not None and action.footer_keys and binding.key in action.key_list:
        return action.footer_joiner.join(key_name(key, short=True) for key in action.footer_keys)
    if action is not None and action.shown_key and binding.key in action.key_list:
        return key_name(shown_keys(action)[0], short=True)
    return key_name(binding.key, short=True)


def palette_key() -> str:
    """The key that opens the command palette."""
    return ACTIONS["app.palette"].keys
