"""The exercises of step 4 (notebook 04_remeasure): the first evaluation, the
choice of test (and running it), reading the verdict."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pandas as pd

from ..vocab import VERDICTS
from ..errors import InputError, KpiError
from ..method.thresholds import FIRST_EVALUATION_WEEKS, TOO_LATE_DAYS
from ..plan import KPI, Plan
from ..stats.series import compare_series
from ..stats.twosample import compare_means, compare_proportions, compare_rates
from ..words import text
from ..words.store import label
from ._common import num, pct
from .answers import Exercise, blank, clean, empty_feedback, read_date
from .feedback import Box, Feedback
from .samples import Sample, kpi_name, kpi_unit, load_sample

#: the four test families a learner chooses from, and the test names each one runs
FAMILIES = ("compare_means", "compare_series", "compare_proportions", "compare_rates")
TEST_FAMILY = {"welch": "compare_means", "student": "compare_means",
               "mannwhitney": "compare_means", "paired-t": "compare_means",
               "wilcoxon": "compare_means", "series-hac": "compare_series",
               "chi2-yates": "compare_proportions", "chi2": "compare_proportions",
               "exact-poisson": "compare_rates", "series-gls": "compare_series",
               "quasi-binomial": "compare_proportions", "quasi-poisson": "compare_rates"}
_FAMILY_WORDS = {
    "compare_means": ("means", "mean", "t-test", "ttest", "t test", "welch", "student",
                      "mann-whitney", "mannwhitney", "wilcoxon", "gemiddelden", "gemiddelde"),
    "compare_series": ("series", "time series", "hac", "newey-west", "reeks", "tijdreeks"),
    "compare_proportions": ("proportions", "proportion", "chi2", "chi-square", "chi-squared",
                            "chi kwadraat", "chi-kwadraat", "proporties", "proportie",
                            "percentages", "fracties"),
    "compare_rates": ("rates", "rate", "poisson", "exact-poisson", "exact poisson",
                      "frequenties", "aantallen per"),
}
_VERDICT_WORDS = {
    "improved": ("improved", "improvement", "better", "verbeterd", "verbetering", "beter"),
    "worsened": ("worsened", "worse", "deteriorated", "verslechterd", "verslechtering",
                 "slechter"),
    "no detectable change": ("no detectable change", "no change", "unchanged", "none",
                             "not significant", "no effect", "geen aantoonbare verandering",
                             "geen verandering", "onveranderd", "niet significant",
                             "geen effect"),
    "cannot be assessed": ("cannot be assessed", "not assessable", "niet te beoordelen"),
}


def _evaluation_window(plan: Plan) -> tuple[date, date]:
    go_live = plan.periods.go_live
    first = go_live + timedelta(weeks=max(1, plan.periods.stabilisation_weeks))
    last = max(go_live + timedelta(weeks=FIRST_EVALUATION_WEEKS), first)
    return first, last


def _model_first(lang: str = "en", *, sample: str = "invoicing") -> str:
    return load_sample(sample).plan.periods.after_start.isoformat()


def _check_first(answer: Any, lang: str, *, sample: str = "invoicing") -> Feedback:
    plan = load_sample(sample).plan
    go_live = plan.periods.go_live
    first, last = _evaluation_window(plan)
    weeks_min = max(1, plan.periods.stabilisation_weeks)
    hint = label("training.first.hint", lang, min=text.fmt_count(weeks_min, "week", lang),
                 go_live=text.fmt_date(go_live, lang),
                 first=text.fmt_date(first, lang), last=text.fmt_date(last, lang))
    if blank(answer):
        return empty_feedback("first_evaluation", lang, hint)
    when = read_date(answer, go_live)
    if when is None:
        return Feedback("first_evaluation", False, label("training.first.not_date", lang,
                                                         given=answer),
                        hint, lang=lang)
    fields = {"date": text.fmt_date(when, lang), "go_live": text.fmt_date(go_live, lang),
              "weeks": text.fmt_count(round((when - go_live).days / 7), "week", lang),
              "min": text.fmt_count(weeks_min, "week", lang)}
    if first <= when <= last:
        return Feedback("first_evaluation", True, label("training.first.pass", lang, **fields),
                        lang=lang)
    days = (when - go_live).days
    key = ("first.before" if days < 0 else "first.week_one" if days < 7 else
           "first.settling" if when < first else
           "first.too_late" if days > TOO_LATE_DAYS else "first.late")
    return Feedback("first_evaluation", False, label(f"training.{key}", lang, **fields), hint,
                    lang=lang)


# --- exercise: choose the test ------------------------------------------------------------

def _family(answer: Any) -> str | None:
    plain = clean(str(answer)).strip().strip("'\"")
    plain = re.sub(r"^(ka|kpi_analysis|stats)\.", "", plain).replace("()", "").strip()
    plain = plain.replace(" ", "_") if plain.replace(" ", "_") in FAMILIES else plain
    if plain in FAMILIES:
        return plain
    for family, words in _FAMILY_WORDS.items():
        if plain in words or plain.replace("_", " ") in words:
            return family
    return None


def _model_test(lang: str = "en", *, sample: str = "invoicing",
                kpi: str = "errors_per_100") -> str:
    """The family of the test the kit chooses for the KPI in :func:`compare_kpis`."""
    return TEST_FAMILY[load_sample(sample).row(kpi)["test"]]


def _data_hint(s: Sample, k: KPI, family: str, lang: str) -> str:
    has_n = s.rows(k.id)["n"].notna().any()
    if family == "compare_rates":
        value = label("training.value.events", lang)
    elif family == "compare_proportions":
        value = label("training.value.successes", lang)
    elif family == "compare_series":
        value = label("training.value.level", lang)
    else:
        value = label("training.value.duration", lang, unit=kpi_unit(k, lang))
    n = ""
    if has_n:
        n = label("training.test.hint_n", lang,
                  n=label("training.n.trials" if k.kind == "proportion"
                                              else "training.n.exposure", lang))
    return label("training.test.hint", lang, value=value, n=n)


def _check_test(answer: Any, lang: str, *, sample: str = "invoicing",
                kpi: str = "errors_per_100") -> Feedback:
    s = load_sample(sample)
    k = s.kpi(kpi)
    families = ", ".join(FAMILIES)
    if blank(answer):
        return empty_feedback("choose_test", lang, label("training.test.choose", lang,
                                                         families=families))
    chosen = _family(answer)
    if chosen is None:
        return Feedback("choose_test", False, label("training.test.unknown", lang, given=answer),
                        label("training.test.choose", lang, families=families), lang=lang)
    test = s.row(kpi)["test"]
    expected = TEST_FAMILY[test]
    name = kpi_name(k, lang)
    data = label(f"training.data.{expected}", lang)
    if chosen == expected:
        return Feedback("choose_test", True, label(
            "training.test.pass", lang, name=name, data=data, family=expected, test=test),
                        lang=lang)
    message = label("training.test.wrong", lang, chosen=chosen,
                    chosen_data=label(f"training.test.family.{chosen}", lang), name=name, data=data,
                    expected_family_hint=label(f"training.test.family.{expected}", lang))
    return Feedback("choose_test", False, message, _data_hint(s, k, expected, lang), lang=lang)


def run_test(test: str, sample: str, kpi: str, lang: str = "en") -> pd.DataFrame | Box:
    """Run the chosen test family on a sample KPI: baseline against after go-live.

    Parameters
    ----------
    test : str
        ``compare_means``, ``compare_series``, ``compare_proportions`` or
        ``compare_rates`` (or a test name such as ``welch``, ``poisson``).
    sample, kpi : str
        The sample project and one of its KPI ids.
    lang : {'en', 'nl'}

    Returns
    -------
    DataFrame or Box
        The one-row result of the library's test (see :mod:`kpi_analysis.stats.twosample` and :mod:`kpi_analysis.stats.series`; the
        data shown as the test needs it: per-row values for means, one value per date
        for a series, summed successes and trials, summed events and exposure), or a
        box that says why the test cannot run on this KPI.
    """
    s = load_sample(sample)
    k = s.kpi(kpi)
    family = _family(test) if not blank(test) else None
    if family is None:
        return Box(label("training.title.choose_test", lang),
                   (label("training.test.run_none", lang, families=", ".join(FAMILIES)),))
    before, after = s.rows(kpi, "baseline"), s.rows(kpi, "after")
    has_n = before["n"].notna().all() and after["n"].notna().all()
    scale = k.rate_per if k.kind in ("rate", "count") else 100.0 if k.kind == "proportion" else 1.0

    def per_row(rows):
        return rows["value"] / rows["n"] * scale if has_n else rows["value"]

    try:
        if family == "compare_means":
            return compare_means(per_row(before).to_numpy(), per_row(after).to_numpy(),
                                 test="auto", alpha=s.plan.alpha)
        if family == "compare_series":
            series = [per_row(rows).groupby(rows["date"]).mean() for rows in (before, after)]
            return compare_series(*series, alpha=s.plan.alpha)
        if not has_n and k.kind not in ("proportion", "count"):
            raise InputError(label("training.test.run_data", lang, data=label(
                f"training.data.{TEST_FAMILY[s.row(kpi)['test']]}", lang)))
        sums = [(rows["value"].sum(), rows["n"].sum() if has_n else len(rows))
                for rows in (before, after)]
        if family == "compare_proportions":
            return compare_proportions(sums[0][0], sums[0][1], sums[1][0], sums[1][1],
                                       alpha=s.plan.alpha)
        return compare_rates(sums[0][0], sums[0][1], sums[1][0], sums[1][1], alpha=s.plan.alpha)
    except KpiError as error:
        return Box(label("training.title.choose_test", lang), (label(
            "training.test.run_cannot", lang, family=family, name=kpi_name(k, lang),
            reason=str(error)),))


# --- exercise: read the verdict -----------------------------------------------------------

def _verdict_of(answer: Any) -> str | None:
    plain = clean(str(answer)).strip().strip("'\".")
    for verdict, words in _VERDICT_WORDS.items():
        if plain in words:
            return verdict
    return None


def _model_verdict(lang: str = "en", *, sample: str = "production",
                   kpi: str = "downtime_hours") -> str:
    return text.label(f"verdict.{load_sample(sample).row(kpi)['verdict']}", lang)


def _truth_text(s: Sample, k: KPI, lang: str) -> str | None:
    truth = s.truth.get(k.id)
    if not truth:
        return None
    unit = kpi_unit(k, lang)
    if truth["before"] == truth["after"]:
        return label("training.truth.same", lang, before=num(truth["before"], lang), unit=unit)
    return label("training.truth.moved", lang, before=num(truth["before"], lang),
                 after=num(truth["after"], lang), unit=unit,
                 change=pct(truth["change_pct"], lang))


def _check_verdict(answer: Any, lang: str, *, sample: str = "production",
                   kpi: str = "downtime_hours") -> Feedback:
    s = load_sample(sample)
    k = s.kpi(kpi)
    choices = " / ".join(text.label(f"verdict.{v}", lang) for v in VERDICTS)
    if blank(answer):
        return empty_feedback("verdict", lang, label("training.verdict.hint", lang))
    given = _verdict_of(answer)
    if given is None:
        return Feedback("verdict", False, label("training.verdict.unknown", lang, given=answer,
                                                choices=choices),
                        label("training.verdict.hint", lang), lang=lang)
    row = s.row(kpi)
    fields = dict(before=num(row["before"], lang), after=num(row["after"], lang),
                  unit=kpi_unit(k, lang), change=pct(row["change_pct"], lang),
                  low=pct(row["ci_pct_low"], lang), high=pct(row["ci_pct_high"], lang),
                  better=text.label(f"direction.{k.direction}", lang))
    reason = label("training.verdict.reason_none" if row["verdict"] == "no detectable change"
                   else "training.verdict.reason_change", lang, **fields)
    truth = _truth_text(s, k, lang)
    if truth:
        reason += " " + label("training.verdict.truth", lang, truth=truth)
    if given == row["verdict"]:
        return Feedback("verdict", True, label("training.verdict.pass", lang, reason=reason,
                                               verdict=text.label(f"verdict.{given}", lang)),
                        lang=lang)
    return Feedback("verdict", False, label("training.verdict.wrong", lang, reason=reason,
                                            given=text.label(f"verdict.{given}", lang)),
                    label("training.verdict.hint", lang), lang=lang)


EXERCISES = (
    Exercise("first_evaluation", "04_remeasure", _check_first, _model_first),
    Exercise("choose_test", "04_remeasure", _check_test, _model_test),
    Exercise("verdict", "04_remeasure", _check_verdict, _model_verdict),
)
