"""The Textual user interface: the week view, its forms and screens.

The only part of planner that imports Textual. Thin: it asks the services and the domain, and
shows the answers. ``planner.ui.app.run_app`` is what the command line calls.
"""
