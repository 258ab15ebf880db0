"""Training exercises that check a learner's answer and explain.

The training notebooks call ``from kpi_analysis import training`` and then
``training.check(...)``, ``training.example(...)`` and so on: the public names of
:mod:`kpi_analysis.training.exercises`, listed in its ``__all__``.
"""
from .exercises import *  # noqa: F401,F403
from .exercises import __all__  # noqa: F401
