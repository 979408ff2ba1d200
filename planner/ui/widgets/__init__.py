"""Widgets of the week view: the header line, day columns of meeting cards, the detail panel."""
