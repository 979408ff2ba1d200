"""The domain: the words of DESIGN.md, load analysis, free slots, advice, typed dates.

Pure Python: no Textual, no TinyDB, no file or clock access (today is passed in).
"""
