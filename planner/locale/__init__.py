"""The interface's languages: gettext catalogues (``<lang>/LC_MESSAGES/planner.po`` and the
compiled ``.mo``) and each language's date, number and list formats (``<lang>/formats.json``),
both made with Babel by ``python -m planner.locale.build`` (a developer's tool: it needs Babel,
which the tests install; a user's planner reads the compiled files and never imports Babel).
"""
