"""Services: the store, calendar import/export, templates and drafts, the CLI.

They may do I/O; they never import Textual.
"""
