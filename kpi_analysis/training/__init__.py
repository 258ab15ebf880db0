"""Exercises, model answers and demonstrations for the training notebooks.

The notebooks in ``notebooks/training/en`` and ``notebooks/training/nl`` teach the
five steps of the method on the sample projects in ``data/samples``, whose true
effects are known (``truth.yaml``). This package gives them three things:

* **exercises**: :func:`check` compares a learner's answer (a plain value: a
  sentence, a list of catalogue ids, a number, a test name, a date) with what the
  library computes on the sample, and returns :class:`Feedback`: what is right, what
  is not and a hint, in English or Dutch, shown in a notebook as a green box (right)
  or an amber box with the hint (not yet). Every check is recorded for
  :func:`progress`.
* **model answers**: :func:`answer` returns the learner's own answer, or with
  ``solution=True`` the model answer, computed from the sample rather than typed in,
  so papermill can run every notebook as an answer key.
* **demonstrations** of the classic mistakes on the samples: no baseline
  (:func:`skip_baseline`), a baseline that is too short (:func:`short_baseline`),
  judging in the first week (:func:`judge_too_early`), no control group
  (:func:`without_control`), and whether the method finds the truth at all
  (:func:`truth_table`).

=====================  =============  ==========================================
exercise               notebook       the learner gives
=====================  =============  ==========================================
``vanity_metrics``     00             catalogue ids of vanity/output metrics
``leading_lagging``    00             catalogue ids of leading indicators
``ai_levels``          00             a dict: catalogue id -> AI level
``smart_target``       01             one sentence with a SMART target
``pick_kpis``          02             catalogue ids for the chatbot use case
``baseline_level``     03             a number: the baseline level
``first_evaluation``   04             a date: the first evaluation
``choose_test``        04             a test: compare_means/_series/_proportions/_rates
``verdict``            04             improved / worsened / no detectable change
``roi``                05             a number: ROI in percent over the horizon
=====================  =============  ==========================================

A notebook cell reads ``answer = training.answer("roi", my_roi, solution, lang)``
and the next ``training.check("roi", answer, lang)``.

    >>> from kpi_analysis import training
    >>> training.check("first_evaluation", "2026-05-04").passed
    True
    >>> print(training.check("first_evaluation", "2026-04-08").hint)  # doctest: +ELLIPSIS
    Give the new way of working ... 4 May 2026 ...
"""
from .demos import (judge_too_early, sentences, short_baseline, skip_baseline, truth_table,
                    without_control)
from .exercises import (EXERCISES, answer, check, example, model_answer, options, progress,
                        reset, results)
from .feedback import Box, Feedback
from .remeasure import run_test
from .samples import SAMPLE_NAMES, SAMPLES, Sample, load_sample

__all__ = [
    "SAMPLES", "SAMPLE_NAMES", "EXERCISES", "Feedback", "Box", "Sample", "load_sample",
    "answer", "model_answer", "check", "example", "options", "progress", "results",
    "reset", "run_test", "truth_table", "skip_baseline", "short_baseline",
    "judge_too_early", "without_control", "sentences",
]
