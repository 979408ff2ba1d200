"""Planner on your real calendar: CalDAV calendars synced both ways, .ics subscriptions read.

- ``state``: the calendars, each one's sync state and the conflicts waiting for you (data file);
- ``credentials``: passwords from a password command or the system keyring, never the data file;
- ``remote``: the servers (CalDAV via the ``caldav`` library, .ics over HTTP), bounded in time;
- ``adapter``: the one door into the calendar import's merge;
- ``pull`` / ``push`` / ``edit``: what changed on either side, and how a change made in planner
  is written into the server's event;
- ``engine``: one calendar's sync, and settling a conflict.

The use cases (add, remove, test, sync, resolve) are in ``planner.application.calendars``.
"""
