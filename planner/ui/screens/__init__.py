"""Screens, one per file: the week view and the modal forms and lists it opens.

A new screen goes in its own module here; the week view binds its key once the screen exists.
"""
