"""Charts: each returns its Axes, speaks en and nl, colours mean what they say, and bad
input is refused with an InputError naming the parameter."""
from __future__ import annotations

import copy
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import kpi_analysis as ka  # noqa: E402
from kpi_analysis.present import charts as plots  # noqa: E402
from kpi_analysis.inputs.tidy import kpi_series, level  # noqa: E402
from kpi_analysis.errors import InputError  # noqa: E402
from kpi_analysis.words.sentences import fmt_change  # noqa: E402
from kpi_analysis.words.store import label  # noqa: E402
from types import SimpleNamespace as NS  # noqa: E402

from conftest import SAMPLES, TEMPLATE  # noqa: E402

GOOD, BAD, NEUTRAL = (to_hex(c) for c in (plots.GOOD, plots.BAD, plots.NEUTRAL))


@pytest.fixture(scope="module")
def invoicing():
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    data = ka.load_measurements("", plan)
    results = ka.compare_kpis(data, plan)
    case = ka.business_case(plan, results, draws=500)
    return plan, data, results, case


@pytest.fixture(scope="module")
def template_case():
    return ka.business_case(ka.load_plan(TEMPLATE))


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def hexes(colours) -> list[str]:
    """Hex codes of one colour (name or RGB(A)) or an array of RGBA rows."""
    if isinstance(colours, str) or np.ndim(colours) == 1:
        colours = [colours]
    return [to_hex(c, keep_alpha=False) for c in colours]


def by_gid(items, gid):
    return [a for a in items if a.get_gid() == gid]


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def synthetic_results(n=3):
    """Rows covering every verdict and both directions."""
    verdicts = ["improved", "worsened", "no detectable change"]
    return pd.DataFrame([{
        "kpi": f"k{i}", "name": f"KPI number {i}", "unit": "days",
        "direction": "lower_is_better" if i % 2 else "higher_is_better",
        "before": 12.5, "after": 10.0 + i, "change_pct": -20.0 + 10 * i,
        "ci_pct_low": -30.0 + 10 * i, "ci_pct_high": -10.0 + 10 * i,
        "verdict": verdicts[i % 3]} for i in range(n)])


# --- the words ---------------------------------------------------------------------

def test_chart_texts_come_from_text_labels_and_refuse_an_unknown_language():
    assert plots._t("verdict.improved", "nl") == "verbeterd"
    assert plots._t("cf.payback", "nl", months="7,5") == "terugverdiend na 7,5 maanden"
    with pytest.raises(InputError, match="lang"):
        plots._t("cf.title", "fr")


# --- before_after ------------------------------------------------------------------

@pytest.mark.parametrize("lang, title", [("en", "Change per KPI"), ("nl", "Verandering per KPI")])
def test_before_after_titles_names_and_alt_text(invoicing, lang, title):
    _, _, results, _ = invoicing
    ax = plots.before_after(results, lang=lang)
    assert isinstance(ax, plt.Axes)
    assert ax.get_title(loc="left").startswith(title)
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert ticks == list(results["name"])
    alt = ax.figure.kpi_alt
    assert all(name in alt for name in results["name"])
    assert alt.count(".") >= 1 and "\n" not in alt
    assert "%" in ax.get_xlabel()


def test_before_after_colours_follow_the_verdict():
    results = synthetic_results(6)
    ax = plots.before_after(results)
    dots = by_gid(ax.collections, "change")
    lines = by_gid(ax.collections, "interval")
    expected = [to_hex(plots.VERDICT_COLOUR[v]) for v in results["verdict"]]
    assert [hexes(d.get_facecolor())[0] for d in dots] == expected
    assert [hexes(c.get_color())[0] for c in lines] == expected
    heads = [t for t in ax.texts if t.get_gid() == "verdict"]
    assert [to_hex(t.get_color()) for t in heads] == expected


def test_before_after_shows_direction_and_levels_in_the_language():
    ax = plots.before_after(synthetic_results(2), lang="nl")
    shown = texts(ax)
    assert "\u2190 beter" in shown and "beter \u2192" in shown  # lower / higher is better
    assert any("12,5 \u2192 10,0 days" in t for t in shown)
    assert any(t.startswith("\u221220%  verbeterd") for t in shown)


def test_before_after_height_grows_with_the_number_of_kpis():
    one = plots.before_after(synthetic_results(1)).figure.get_figheight()
    ten = plots.before_after(synthetic_results(10)).figure.get_figheight()
    assert ten > one * 3


def test_before_after_draws_on_a_given_axes_and_skips_a_missing_interval():
    _, given = plt.subplots()
    results = synthetic_results(2)
    results.loc[0, ["ci_pct_low", "ci_pct_high"]] = np.nan
    assert plots.before_after(results, ax=given) is given
    assert len(by_gid(given.collections, "interval")) == 1


def test_before_after_refuses_bad_input():
    results = synthetic_results(2)
    with pytest.raises(InputError, match=r"results: missing column\(s\) 'verdict'"):
        plots.before_after(results.drop(columns="verdict"))
    with pytest.raises(InputError, match="results.*'better'.*valid: improved"):
        plots.before_after(results.assign(verdict="better"))
    with pytest.raises(InputError, match="results must be"):
        plots.before_after("results.csv")
    with pytest.raises(InputError, match="results has no rows"):
        plots.before_after(results.iloc[:0])
    with pytest.raises(InputError, match="lang: 'fr'.*valid: en, nl"):
        plots.before_after(results, lang="fr")
    assert not plt.get_fignums()  # nothing drawn before the check


def test_before_after_shows_a_proportion_in_percentage_points_like_the_tile():
    """The webshop case of issue 14: a share from 9.9% to 32.5% is +22.6 pp in the tile;
    the chart said +228%. It now says what the tile says."""
    row = {"kpi": "share", "name": "Share", "unit": "%", "kind": "proportion",
           "change_unit": "pp", "direction": "higher_is_better", "before": 9.9,
           "after": 32.5, "change": 22.6, "ci_low": 20.1, "ci_high": 25.2,
           "change_pct": 228.3, "ci_pct_low": 203.0, "ci_pct_high": 254.5,
           "verdict": "improved"}
    results = pd.DataFrame([row])
    for lang in ("en", "nl"):
        ax = plots.before_after(results, lang=lang)
        plpt = label("unit.pp", lang)
        shown = " ".join(texts(ax))
        assert fmt_change(row, NS(kind="proportion"), lang)[0] in shown
        assert f"+22{',' if lang == 'nl' else '.'}6 {plpt}" in shown and "228" not in shown
        plt.close("all")


def test_before_after_keeps_a_small_change_readable_beside_a_large_one():
    """One KPI at +230%, another at -5%: each row has its own scale, so the small
    change's interval is as wide on the page as the large one's (not a dot at 0)."""
    results = synthetic_results(2)
    results.loc[0, ["change_pct", "ci_pct_low", "ci_pct_high"]] = [230.0, 200.0, 260.0]
    results.loc[1, ["change_pct", "ci_pct_low", "ci_pct_high"]] = [-5.0, -8.0, -2.0]
    ax = plots.before_after(results, lang="nl")
    widths = []
    for line in by_gid(ax.collections, "interval"):
        (segment,) = line.get_segments()
        widths.append(abs(segment[1][0] - segment[0][0]))
    assert min(widths) > 0.3 * max(widths)
    scale = [t.get_text() for t in ax.texts if t.get_gid() == "scale"]
    assert scale == ["+200%", "+260%", "\u22128%", "\u22122%"]  # Babel's minus sign


def test_kpi_over_time_ticks_in_the_reports_number_format(invoicing):
    plan, data, _, _ = invoicing
    kpi = plan.kpis[0]
    ax = plots.kpi_over_time(data, kpi, plan.periods, lang="nl")
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    values = ax.get_yticks()[:len(ticks)]
    assert ticks and all("." not in t for t in ticks)
    assert any("," in t for t in ticks) or all(v == round(v) for v in values)


def test_kpi_over_time_draws_the_counterfactual_band_when_given(invoicing):
    plan, data, _, _ = invoicing
    kpi = plan.kpis[0]
    cf = counterfactual_of(kpi_series(data, kpi), plan.periods.after_start)
    plain = plots.kpi_over_time(data, kpi, plan.periods, counterfactual=cf)
    assert not by_gid(plain.collections, "counterfactual_band")
    band = cf.assign(low=cf["level"] - 1, high=cf["level"] + 1)
    ax = plots.kpi_over_time(data, kpi, plan.periods, lang="nl", counterfactual=band)
    (fill,) = by_gid(ax.collections, "counterfactual_band")
    assert plots._t("ot.counterfactual_band", "nl") in [
        t.get_text() for t in ax.get_legend().get_texts()]
    ys = np.concatenate([p.vertices[:, 1] for p in fill.get_paths()])
    assert ys.min() == pytest.approx(band["low"].min()) and \
        ys.max() == pytest.approx(band["high"].max())


# --- kpi_over_time -----------------------------------------------------------------

def counterfactual_of(series: pd.DataFrame, start) -> pd.DataFrame:
    after = series[series["date"] >= pd.Timestamp(start)]
    return pd.DataFrame({"date": after["date"], "level": np.linspace(12, 13, len(after))})


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_kpi_over_time_counterfactual_only_when_given(invoicing, lang):
    plan, data, _, _ = invoicing
    kpi = plan.kpis[0]
    plain = plots.kpi_over_time(data, kpi, plan.periods, lang=lang, verdict="improved")
    assert isinstance(plain, plt.Axes)
    assert not by_gid(plain.lines, "counterfactual")
    words = plots._t("ot.counterfactual", lang)
    assert words not in [t.get_text() for t in plain.get_legend().get_texts()]

    cf = counterfactual_of(kpi_series(data, kpi), plan.periods.after_start)
    ax = plots.kpi_over_time(data, kpi, plan.periods, lang=lang, verdict="improved",
                             counterfactual=cf)
    (line,) = by_gid(ax.lines, "counterfactual")
    assert line.get_linestyle() == "--"  # dashed
    assert words in [t.get_text() for t in ax.get_legend().get_texts()]
    assert kpi.name in ax.get_title(loc="left") and kpi.name in ax.figure.kpi_alt
    assert {"en": "dashed line", "nl": "stippellijn"}[lang] in ax.figure.kpi_alt
    assert {"en": "dashed line", "nl": "stippellijn"}[lang] not in plain.figure.kpi_alt
    assert ax.get_ylabel() == kpi.unit


def test_kpi_over_time_counterfactual_starts_at_go_live(invoicing):
    plan, data, _, _ = invoicing
    dates = pd.date_range("2026-01-05", "2026-07-27", freq="W-MON")
    cf = pd.DataFrame({"date": dates, "level": 10.0})
    ax = plots.kpi_over_time(data, plan.kpis[0], plan.periods, counterfactual=cf)
    (line,) = by_gid(ax.lines, "counterfactual")
    first = mdates.num2date(line.get_xdata(orig=False)[0]).date()
    assert first >= plan.periods.go_live
    assert first - plan.periods.go_live < pd.Timedelta(days=7)


@pytest.mark.parametrize("verdict, colour", [("improved", GOOD), ("worsened", BAD),
                                             ("no detectable change", NEUTRAL), (None, NEUTRAL)])
def test_kpi_over_time_after_level_follows_the_verdict(invoicing, verdict, colour):
    plan, data, _, _ = invoicing
    ax = plots.kpi_over_time(data, plan.kpis[0], plan.periods, verdict=verdict)
    (after,) = by_gid(ax.collections, "level_after")
    (base,) = by_gid(ax.collections, "level_baseline")
    assert hexes(after.get_color()) == [colour]
    assert hexes(base.get_color()) == [NEUTRAL]
    assert by_gid(ax.lines, "go_live")


@pytest.mark.parametrize("lang, months", [("nl", {"jan", "feb", "mrt", "apr", "mei", "jun"}),
                                          ("en", {"Jan", "Feb", "Mar", "Apr", "May", "Jun"})])
def test_kpi_over_time_dates_in_the_language(invoicing, lang, months):
    plan, data, _, _ = invoicing
    ax = plots.kpi_over_time(data, plan.kpis[0], plan.periods, lang=lang)
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"\w+\.? 2026", t) for t in labels)
    assert months <= {t.split()[0] for t in labels}


def test_kpi_over_time_title_says_per_week_once(invoicing):
    plan, data, _, _ = invoicing
    titles = [plots.kpi_over_time(data, k, plan.periods, lang="en").get_title(loc="left")
              for k in plan.kpis]
    assert titles[0] == "Dagen van factuur tot betaling per week"  # the plan is Dutch
    assert titles[1] == "Facturen per medewerker per week"


def test_kpi_over_time_alt_text_numbers_in_the_language(invoicing):
    plan, data, results, _ = invoicing
    ax = plots.kpi_over_time(data, plan.kpis[0], plan.periods, lang="nl")
    assert "11,8" in ax.figure.kpi_alt and "nulmeting" in ax.figure.kpi_alt


def test_kpi_over_time_refuses_bad_input(invoicing):
    plan, data, _, _ = invoicing
    kpi, periods = plan.kpis[0], plan.periods
    with pytest.raises(InputError, match=r"counterfactual: missing column\(s\) 'level'"):
        plots.kpi_over_time(data, kpi, periods,
                            counterfactual=pd.DataFrame({"date": [], "value": []}))
    with pytest.raises(InputError, match=r"data: missing column\(s\) 'period'"):
        plots.kpi_over_time(data.drop(columns="period"), kpi, periods)
    with pytest.raises(InputError, match="verdict: 'good'"):
        plots.kpi_over_time(data, kpi, periods, verdict="good")
    with pytest.raises(InputError, match="lang: 'de'"):
        plots.kpi_over_time(data, kpi, periods, lang="de")
    with pytest.raises(InputError, match="kpi: no measurements of 'days_to_paid'"):
        plots.kpi_over_time(data[data["kpi"] != kpi.id], kpi, periods)
    assert not plt.get_fignums()


def test_kpi_over_time_shows_the_treated_group_and_the_control_apart(invoicing):
    plan, data, _, _ = invoicing
    kpi = plan.kpis[0]
    rows = data[data["kpi"] == kpi.id]
    both = pd.concat([rows.assign(group="treatment"),
                      rows.assign(group="control", value=rows["value"] + 100)])
    ax = plots.kpi_over_time(both, kpi, plan.periods)
    (base,) = by_gid(ax.collections, "level_baseline")
    expected = level(rows[rows["period"] == "baseline"], kpi)
    assert base.get_segments()[0][0][1] == pytest.approx(expected)
    assert by_gid(ax.lines, "control")


def test_charts_leave_global_settings_alone(invoicing):
    plan, data, results, case = invoicing
    before = dict(plt.rcParams)
    plots.kpi_over_time(data, plan.kpis[0], plan.periods)
    plots.before_after(results)
    plots.cash_flow(case)
    plots.tornado(case)
    assert dict(plt.rcParams) == before


# --- cash_flow ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "nl"])
def test_cash_flow_marks_payback_at_the_business_case_month(invoicing, lang):
    _, _, _, case = invoicing
    ax = plots.cash_flow(case, lang=lang)
    assert isinstance(ax, plt.Axes)
    payback = case["figures"]["payback_months"]["value"]
    (marker,) = by_gid(ax.lines, "payback")
    assert marker.get_xdata()[0] == pytest.approx(payback)
    assert marker.get_ydata()[0] == 0
    assert hexes(marker.get_color()) == [GOOD]
    shown = plots.fmt_number(payback, lang, 1)
    assert any(shown in t for t in texts(ax)) and shown in ax.figure.kpi_alt
    assert case["currency"] in ax.get_ylabel()
    assert ax.get_title(loc="left") == plots._t("cf.title", lang)
    # the line crosses zero where the marker is
    (line,) = by_gid(ax.lines, "cumulative")
    assert np.interp(payback, line.get_xdata(), line.get_ydata()) == pytest.approx(0, abs=1e-6)


def test_cash_flow_fills_red_below_and_green_above_zero(invoicing):
    _, _, _, case = invoicing
    ax = plots.cash_flow(case)
    (neg,) = by_gid(ax.collections, "negative")
    (pos,) = by_gid(ax.collections, "positive")
    assert hexes(neg.get_facecolor()) == [to_hex(plots.BAD_FILL)]
    assert hexes(pos.get_facecolor()) == [to_hex(plots.GOOD_FILL)]


def test_cash_flow_thousands_separators_per_language(template_case):
    ax = plots.cash_flow(template_case, lang="nl")
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any(re.fullmatch(r"\u2212?\d{1,3}(\.\d{3})+", t) for t in labels), labels
    assert "maanden" in ax.get_xlabel().lower()
    en = plots.cash_flow(template_case, lang="en")
    en.figure.canvas.draw()
    assert any("," in t.get_text() for t in en.get_yticklabels())


def test_cash_flow_without_payback_says_so(template_case):
    case = copy.deepcopy(dict(template_case))
    for row in case["cash_flow"]:
        row["cumulative"] = -24500 + 100 * row["month"]
    case["figures"]["payback_months"]["value"] = None
    ax = plots.cash_flow(case, lang="en")
    assert not by_gid(ax.lines, "payback")
    assert "not paid back within 36 months" in ax.figure.kpi_alt


def test_cash_flow_refuses_bad_input(invoicing):
    _, _, _, case = invoicing
    with pytest.raises(InputError, match="case must be the result of business_case"):
        plots.cash_flow([1, 2, 3])
    with pytest.raises(InputError, match="case: no 'cash_flow' records"):
        plots.cash_flow({"currency": "EUR"})
    broken = {**case, "cash_flow": [{"month": 0}]}
    with pytest.raises(InputError, match=r"case\['cash_flow'\]: missing column\(s\) 'cumulative'"):
        plots.cash_flow(broken)
    with pytest.raises(InputError, match="lang"):
        plots.cash_flow(case, lang="EN")
    assert not plt.get_fignums()


# --- tornado -----------------------------------------------------------------------

def bar_rows(ax):
    """(y, left, right, colour) of every bar."""
    out = []
    for p in by_gid(ax.patches, "swing"):
        x0, x1 = sorted((p.get_x(), p.get_x() + p.get_width()))
        out.append((round(p.get_y() + p.get_height() / 2), x0, x1, to_hex(p.get_facecolor(),
                                                                          keep_alpha=False)))
    return out


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_tornado_bars_are_ranked_by_swing(invoicing, lang):
    _, _, _, case = invoicing
    shuffled = {**case, "sensitivity": list(reversed(case["sensitivity"]))}
    ax = plots.tornado(shuffled, lang=lang, top=5)
    assert isinstance(ax, plt.Axes)
    rows = bar_rows(ax)
    spans = {}
    for y, x0, x1, _ in rows:
        lo, hi = spans.get(y, (np.inf, -np.inf))
        spans[y] = (min(lo, x0), max(hi, x1))
    swings = [spans[y][1] - spans[y][0] for y in sorted(spans)]
    assert len(swings) == 5
    assert swings == sorted(swings, reverse=True)
    expected = sorted((r["roi_swing"] for r in case["sensitivity"]), reverse=True)[:5]
    assert swings == pytest.approx(expected)
    assert ax.get_title(loc="left") == plots._t("to.title", lang)
    assert "ROI" in ax.figure.kpi_alt and "%" in ax.get_xlabel()


def test_tornado_colours_and_labels(invoicing):
    _, _, _, case = invoicing
    base = case["sensitivity"][0]["roi_base"]
    ax = plots.tornado(case, lang="nl")
    for _, x0, x1, colour in bar_rows(ax):
        assert colour == (GOOD if x1 > base + 1e-9 else BAD)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == min(8, len(case["sensitivity"]))
    assert any("uurtarief" in t and "36 tot 54 EUR per uur" in t for t in labels), labels
    assert any(t.startswith("ROI 132") for t in texts(ax))  # the base ROI


def test_tornado_refuses_bad_input(invoicing):
    _, _, _, case = invoicing
    with pytest.raises(InputError, match="top must be a whole number >= 1; got 0"):
        plots.tornado(case, top=0)
    with pytest.raises(InputError, match="case: no 'sensitivity' records"):
        plots.tornado({"currency": "EUR"})
    broken = {**case, "sensitivity": [{"assumption": "x"}]}
    with pytest.raises(InputError, match=r"case\['sensitivity'\]: missing column\(s\)"):
        plots.tornado(broken)
    with pytest.raises(InputError, match="lang"):
        plots.tornado(case, lang=None)
    assert not plt.get_fignums()
