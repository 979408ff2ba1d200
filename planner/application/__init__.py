"""The application layer: one module per use case, shared by the command line and the screens.

Each use case takes typed input (a store, the clock, the person's answers) and returns a result,
or raises :class:`~planner.domain.errors.PlannerError` (field-placed errors where a form asks).
Nothing here imports argparse or Textual.
"""
