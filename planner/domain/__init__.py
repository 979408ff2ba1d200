"""The domain: clients, meetings and settings, load analysis, free slots, advice, typed dates.

Pure Python: no Textual, no TinyDB, no file or clock access (today is passed in).
"""
