"""Words: every client-facing string per language, and number/date formatting.

- :mod:`~kpi_analysis.words.store`: the texts, held as data in
  ``locales/<lang>/<domain>.yaml`` (one folder per language), read by :func:`label`
- :mod:`~kpi_analysis.words.numbers`: numbers, money, percentages and dates per language
- :mod:`~kpi_analysis.words.sentences`: sentences built from a result's numbers
- :mod:`~kpi_analysis.words.text`: all of the above under one name (``text.label``)

A third language is a new folder under ``locales/`` with every key of ``en`` (and its
name in :data:`kpi_analysis.vocab.LANGUAGES`); ``tests/test_words.py`` checks it.
"""
