"""Demonstrations of the classic mistakes on the samples, and whether the method
finds the truth at all."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.compare import compare_kpis
from ..errors import KpiError
from ..inputs.tidy import level
from ..words import text
from ..words.store import label
from ._common import check_lang, num, pct
from .feedback import Box
from .samples import SAMPLE_NAMES, compare_one, kpi_name, kpi_unit, load_sample, one_kpi_plan


def _interval(row, lang: str) -> str:
    word = label("training.word.to", lang)
    return f"{pct(row['ci_pct_low'], lang)} {word} {pct(row['ci_pct_high'], lang)}"


def truth_table(lang: str = "en", samples: tuple[str, ...] = SAMPLE_NAMES) -> Box:
    """Measured against true: every KPI of the samples, with whether the true change
    lies inside the 95% interval of the measured change."""
    lang = check_lang(lang)
    rows = []
    for name in samples:
        s = load_sample(name)
        for kpi_id, truth in s.truth.items():
            if "(" in kpi_id:  # '(control)' entries: see without_control
                continue
            row, k = s.row(kpi_id), s.kpi(kpi_id)
            inside = row["ci_pct_low"] <= truth["change_pct"] <= row["ci_pct_high"]
            rows.append({
                label("training.col.sample", lang): name,
                label("training.col.kpi", lang): kpi_name(k, lang),
                label("training.col.true_change", lang): pct(truth["change_pct"], lang),
                label("training.col.measured", lang): pct(row["change_pct"], lang),
                label("training.col.interval", lang): _interval(row, lang),
                label("training.col.inside", lang):
                    label("training.yes" if inside else "training.no", lang),
                label("training.col.verdict", lang): text.label(f"verdict.{row['verdict']}", lang)})
    table = pd.DataFrame(rows).set_index([label("training.col.sample", lang),
                                          label("training.col.kpi", lang)])
    inside = int((table[label("training.col.inside", lang)] == label("training.yes", lang)).sum())
    return Box(label("training.truth.title", lang), (label("training.truth.note", lang,
                                                           inside=inside,
                                                           total=len(table)),), table)


def skip_baseline(sample: str = "invoicing", kpi: str = "days_to_paid",
                  lang: str = "en") -> Box:
    """What is left of the comparison when the baseline is skipped: the after level,
    and the kit's refusal to call it a gain."""
    lang = check_lang(lang)
    s = load_sample(sample)
    k = s.kpi(kpi)
    rows = s.rows(kpi)
    unit = kpi_unit(k, lang)
    try:
        skipped = compare_kpis(rows[rows["period"] != "baseline"], one_kpi_plan(k, s.plan))
        reason = skipped.at[0, "reason"]
        refusal = text.label(f"reason.{reason}", lang) if reason else ""
    except KpiError as error:
        refusal = str(error)
    row = s.row(kpi)
    paragraphs = [label("training.skip.after", lang, name=kpi_name(k, lang),
                        after=num(level(s.rows(kpi, "after"), k), lang), unit=unit)]
    if refusal:
        paragraphs.append(label("training.skip.kit", lang, error=refusal))
    paragraphs.append(label("training.skip.with", lang, before=f"{num(row['before'], lang)} {unit}",
                            after=f"{num(row['after'], lang)} {unit}",
                            change=pct(row["change_pct"], lang),
                            low=pct(row["ci_pct_low"], lang), high=pct(row["ci_pct_high"], lang)))
    return Box(label("training.skip.title", lang), tuple(paragraphs))


def short_baseline(sample: str = "invoicing", kpi: str = "days_to_paid", weeks: int = 1,
                   lang: str = "en") -> Box:
    """The comparison with only the last ``weeks`` of the baseline against the full one."""
    lang = check_lang(lang)
    s = load_sample(sample)
    k = s.kpi(kpi)
    span = s.plan.periods.baseline
    cut = pd.Timestamp(span.end) - pd.Timedelta(days=7 * weeks - 1)
    data = s.data[s.data["kpi"] == kpi]
    short = data[(data["period"] != "baseline") | (data["date"] >= cut)]
    full_row, short_row = s.row(kpi), compare_one(short, k, s.plan)
    unit = kpi_unit(k, lang)
    labels = [label("training.short.full", lang, start=text.fmt_date(span.start, lang),
                    end=text.fmt_date(span.end, lang)),
              label("training.short.short", lang, weeks=text.fmt_count(weeks, "week", lang), start=text.fmt_date(cut, lang),
                    end=text.fmt_date(span.end, lang))]
    table = pd.DataFrame({
        label("training.col.baseline", lang): labels,
        label("training.col.n", lang): [int(full_row["n_before"]), int(short_row["n_before"])],
        label("training.col.level", lang): [f"{num(r['before'], lang)} {unit}"
                                            for r in (full_row, short_row)],
        label("training.col.measured", lang): [pct(r["change_pct"], lang) for r in (full_row,
                                                                                    short_row)],
        label("training.col.interval", lang): [_interval(r, lang) for r in (full_row, short_row)],
        label("training.col.verdict", lang): [text.label(f"verdict.{r['verdict']}", lang)
                                              for r in (full_row, short_row)],
    }).set_index(label("training.col.baseline", lang))
    widths = [r["ci_pct_high"] - r["ci_pct_low"] for r in (full_row, short_row)]
    truth = s.truth.get(kpi, {}).get("before", float("nan"))
    note = label("training.short.note", lang, truth=num(truth, lang), unit=unit,
                 n_short=int(short_row["n_before"]), n_full=int(full_row["n_before"]),
                 times=text.fmt_number(widths[1] / widths[0], lang, 1))
    return Box(label("training.short.title", lang, weeks=text.fmt_count(weeks, "week", lang)), (note,), table)


def judge_too_early(sample: str = "invoicing", days: int = 7, lang: str = "en") -> Box:
    """Every KPI judged on the first ``days`` after go-live against the proper
    after-period (after the stabilisation weeks), beside the true change."""
    lang = check_lang(lang)
    s = load_sample(sample)
    go_live = pd.Timestamp(s.plan.periods.go_live)
    data = s.data.copy()
    early = (data["date"] >= go_live) & (data["date"] < go_live + pd.Timedelta(days=days))
    data["period"] = np.where(early, "after", np.where(data["period"] == "baseline",
                                                       "baseline", "outside"))
    rows = []
    for k in s.plan.kpis:
        settled = s.row(k.id)
        try:
            first = compare_one(data, k, s.plan)
            early_text = (f"{pct(first['change_pct'], lang)} ({_interval(first, lang)}), "
                          f"{text.label('verdict.' + first['verdict'], lang)}")
        except KpiError:
            early_text = label("training.too_few", lang)
        truth = s.truth.get(k.id)
        rows.append({
            label("training.col.kpi", lang): kpi_name(k, lang),
            label("training.col.true_change", lang):
                pct(truth["change_pct"], lang) if truth else "-",
            label("training.col.week_one", lang, days=days): early_text,
            label("training.col.settled", lang): (
                f"{pct(settled['change_pct'], lang)} ({_interval(settled, lang)}), "
                f"{text.label('verdict.' + settled['verdict'], lang)}")})
    table = pd.DataFrame(rows).set_index(label("training.col.kpi", lang))
    return Box(label("training.early.title", lang, days=days),
               (label("training.early.note", lang, weeks=s.plan.periods.stabilisation_weeks),),
               table)


def without_control(sample: str = "webshop", kpi: str = "conversion", lang: str = "en") -> Box:
    """A plain before/after comparison against difference-in-differences with the
    sample's control group, beside the true changes."""
    lang = check_lang(lang)
    s = load_sample(sample)
    k = s.kpi(kpi)
    if "group" not in s.data.columns or not (s.data["group"] == "control").any():
        return Box(label("training.control.title", lang),
                   (label("training.control.missing", lang),))
    treated = s.row(kpi)
    control_rows = s.data[(s.data["group"] == "control")].drop(columns="group")
    control = compare_one(control_rows, k, s.plan)
    points = k.kind == "proportion"
    unit = label("training.points", lang) if points else kpi_unit(k, lang)

    def change(x):
        return f"{'+' if x > 0 else ''}{text.fmt_number(x, lang, 2)} {unit}"

    def span(low, high):
        return f"{change(low)} {label('training.word.to', lang)} {change(high)}"

    def moved(key):
        truth = s.truth.get(key)
        return truth["after"] - truth["before"] if truth else float("nan")

    true_treated, true_control = moved(kpi), moved(f"{kpi} (control)")
    table = pd.DataFrame({
        label("training.col.what", lang): [label("training.control.treated", lang),
                                           label("training.control.control", lang),
                                           label("training.control.did", lang)],
        label("training.col.measured", lang): [change(treated["change"]), change(control["change"]),
                                               change(treated["did_change"])],
        label("training.col.interval", lang): [span(treated["ci_low"], treated["ci_high"]),
                                               span(control["ci_low"], control["ci_high"]),
                                               span(treated["did_ci_low"], treated["did_ci_high"])],
        label("training.col.true", lang): [change(true_treated), change(true_control),
                                           change(true_treated - true_control)],
    }).set_index(label("training.col.what", lang))
    note = label("training.control.note", lang, control=change(control["change"]),
                 naive=change(treated["change"]), did=change(treated["did_change"]))
    return Box(label("training.control.title", lang), (note,), table)


def sentences(sample: str = "invoicing", lang: str = "en") -> Box:
    """One plain sentence per KPI of the sample, as the report words it
    (:func:`kpi_analysis.words.text.kpi_sentence`)."""
    lang = check_lang(lang)
    s = load_sample(sample)
    lines = tuple(text.kpi_sentence(row, s.kpi(row["kpi"]), lang)
                  for _, row in s.results.iterrows())
    return Box(s.plan.project, lines)
