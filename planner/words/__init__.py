"""Words a person reads that are made from facts: the domain says *what* (a kind, numbers, names,
times); these modules say it in the interface language (planner/i18n.py, planner/formats.py).

- :mod:`planner.words.common`: statuses, locations, tiers, topics, reasons, strategies, flags;
- :mod:`planner.words.load`: a day's and a week's problems as sentences;
- :mod:`planner.words.advice`: the advice rules as sentences.

Used by the command line and the screens (and by services that write for a person); never by the
domain.
"""
