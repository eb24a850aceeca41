"""Benchmarks for newsreader: ``python -m benchmarks`` (see benchmarks/README.md).

Not part of the installed package: they generate a reproducible corpus, import
it through the public Archive API, and time import, search and the UI.
"""
