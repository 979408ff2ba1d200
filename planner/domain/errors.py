"""Errors a user can act on. The CLI prints them as ``planner: error: <message>``."""


class PlannerError(Exception):
    """A user error: the message says what went wrong and how to fix it."""
