"""planner: a terminal week planner for people whose weeks are full of client meetings."""

__version__ = "0.1.0"
