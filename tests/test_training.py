"""The trainer's kit: exercises that check and explain, model answers, demonstrations of
the classic mistakes, and the training notebooks (en and nl) run as an answer key."""
from __future__ import annotations

import ast
import json
import math
import re
import string
import time
from datetime import date

import nbformat
import pytest

from conftest import ROOT
from kpi_analysis.errors import InputError
from kpi_analysis.method.catalogue import load_catalogue, match_catalogue
from kpi_analysis.words import text
from kpi_analysis.words.store import LABELS, label
from kpi_analysis import training
from kpi_analysis.inputs.tidy import level
from kpi_analysis.training import EXERCISES, answer, check, model_answer
from kpi_analysis.training.answers import clean, take_dates
from kpi_analysis.present.html import TONES
from kpi_analysis.training.goal import _read_target
from kpi_analysis.training.intro import VANITY_OPTIONS
from kpi_analysis.training.kpis import MAX_PICKS
from kpi_analysis.training.remeasure import FAMILIES, TEST_FAMILY
from kpi_analysis.training.share import roi_case

TRAINING = ROOT / "notebooks" / "training"
NOTEBOOKS = sorted(TRAINING.glob("*/*.ipynb"))
LANGS = ("en", "nl")
GREEN, AMBER = TONES["good"], TONES["todo"]


# --- every exercise: the model answer passes, a blank answer gets a hint ----------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_model_answer_passes(exercise, lang):
    feedback = check(exercise, model_answer(exercise, lang), lang)
    assert feedback.passed, str(feedback)
    assert feedback.hint == ""
    assert str(feedback).startswith(f"{exercise}: passed")
    assert GREEN in feedback._repr_html_() and "data-status='passed'" in feedback._repr_html_()


BLANKS = {"smart_target": "", "pick_kpis": [], "vanity_metrics": [], "leading_lagging": [],
          "ai_levels": {"uptime": ""}, "baseline_level": 0.0, "first_evaluation": "",
          "choose_test": "", "verdict": "", "roi": 0.0}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_blank_answer_asks_for_one_with_a_hint(exercise, lang):
    for blank in (BLANKS[exercise], None):
        feedback = check(exercise, blank, lang)
        assert not feedback.passed
        assert feedback.message and feedback.hint
        html = feedback._repr_html_()
        assert AMBER in html and "data-status='not yet'" in html
        assert label("training.box.hint", lang) in html


def test_answer_returns_the_learners_own_unless_solution():
    assert answer("roi", 12.5) == 12.5
    assert answer("roi", 12.5, solution=False) == 12.5
    assert answer("roi", 12.5, True) == model_answer("roi")
    assert answer("smart_target", "", True, "nl") == model_answer("smart_target", "nl")
    assert model_answer("smart_target", "en") != model_answer("smart_target", "nl")


def test_unknown_exercise_or_language_is_a_clear_error():
    with pytest.raises(InputError, match="not an exercise; valid: vanity_metrics"):
        check("smart", "x")
    with pytest.raises(InputError, match="lang: 'de'"):
        check("roi", 1.0, "de")
    with pytest.raises(InputError, match="vanity_metrics: no argument kpi; it takes "
                                                  "no sample or kpi"):
        check("vanity_metrics", [], kpi="csat")
    with pytest.raises(InputError, match="roi: no argument kpi; it takes sample"):
        model_answer("roi", kpi="csat")


def test_checks_are_recorded_and_examples_are_not():
    training.reset()
    check("roi", 1.0)
    training.example("roi", 2.0)
    check("roi", model_answer("roi"))
    log = training.results()
    assert log["exercise"].tolist() == ["roi", "roi"]
    assert log["passed"].tolist() == [False, True]
    box = training.progress("nl")
    assert "1 van 1 opdrachten klaar" in str(box)
    training.reset()
    assert "No exercise checked yet" in str(training.progress("en"))


def test_learner_text_is_escaped_in_the_box():
    html = check("verdict", "<script>alert(1)</script>")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- the feedback is specific: it names the mistake the library's numbers reveal -------------

def test_smart_target_reads_the_sentence_and_runs_the_kits_smart_rules():
    weak = check("smart_target", "Get paid faster")
    assert not weak.passed
    assert [p.ok for p in weak.points] == [False, False, False, False, False]
    assert weak.hint.startswith("Start with the KPI itself")

    no_date = check("smart_target", "Halve the days from invoice to payment")
    assert [p.ok for p in no_date.points] == [True, True, True, True, False]
    assert "by 31 Dec 2026" in no_date.hint and "4 May 2026" in no_date.hint

    remembered = check("smart_target", "Reduce days from invoice to paid from 30 to 15 days "
                                       "by end of 2026")
    before = text.fmt_value(training.load_sample("invoicing").row("days_to_paid")["before"], "en")
    assert f"measured baseline is {before} days" in remembered.points[1].text
    assert "goes the wrong way" in remembered.points[2].text  # 15 is above the baseline

    too_much = check("smart_target", "Cut days to paid by 90% within 6 months")
    assert not too_much.points[2].ok and "more ambitious than is typical" in too_much.points[2].text
    assert too_much.hint == "Compare with what is typical: halve it, e.g. from 5 to 2 days."

    noise = check("smart_target", "Reduce days to paid by 5% by 1 October")
    assert not noise.points[3].ok and "hard to tell apart from chance" in noise.points[3].text

    early = check("smart_target", "Days to paid to 6 days by 15 April 2026")
    assert not early.points[4].ok and "before the first fair evaluation" in early.points[4].text

    other = check("smart_target", "Invoices per employee: 75 by Q3 2026")
    assert "Invoices per employee per week" in other.points[0].text

    dutch = check("smart_target", "De betaaltermijn halveren binnen een half jaar", "nl")
    assert dutch.passed and "06-10-2026" in dutch.message


@pytest.mark.parametrize("sentence, deadline", [
    ("by 31 December 2026", date(2026, 12, 31)),
    ("voor 31-12-2026", date(2026, 12, 31)),
    ("before 2026-09-30", date(2026, 9, 30)),
    ("by 1 October", date(2026, 10, 1)),
    ("uiterlijk 1 oktober 2026", date(2026, 10, 1)),
    ("by December 2026", date(2026, 12, 31)),
    ("by the end of 2026", date(2026, 12, 31)),
    ("voor eind 2026", date(2026, 12, 31)),
    ("in Q3 2026", date(2026, 9, 30)),
    ("within 6 months", date(2026, 10, 6)),
    ("binnen twaalf maanden", date(2027, 4, 6)),
    ("within 8 weeks", date(2026, 6, 1)),
    ("binnen een half jaar", date(2026, 10, 6)),
    ("by September 15, 2026", date(2026, 9, 15)),
])
def test_deadlines_in_english_and_dutch(sentence, deadline):
    dates, _ = take_dates(clean(sentence), date(2026, 4, 6))
    assert dates == [deadline]


@pytest.mark.parametrize("sentence, value, change, stated", [
    ("Cut days to paid from 11.8 to 5.9 days by 31 Dec 2026", 5.9, None, 11.8),
    ("Dagen tot betaling van 11,8 naar 5,9 dagen voor 31-12-2026", 5.9, None, 11.8),
    ("days to paid 12 -> 6 by 2026-12-31", 6.0, None, 12.0),
    ("Reduce days to paid by 40% by 1 October", None, -0.4, None),
    ("Days to paid -45% by Q4 2026", None, -0.45, None),
    ("Halve the days to paid within 6 months", None, -0.5, None),
    ("Days to paid below 7 by end of 2026", 7.0, None, None),
])
def test_targets_are_read_as_a_level_or_a_change(sentence, value, change, stated):
    kpi = training.load_sample("invoicing").kpi("days_to_paid")
    reading = _read_target(sentence, kpi, date(2026, 4, 6))
    assert reading.value == value and reading.stated_before == stated
    assert (reading.change is None) if change is None else math.isclose(reading.change, change)
    assert reading.deadline is not None


def test_pick_kpis_names_the_missing_guard_and_the_vanity_metric():
    speed_only = check("pick_kpis", ["agent_productivity", "calls_per_hour"])
    failed = {p.label for p in speed_only.points if not p.ok}
    assert failed == {"Serves the goal", "Quality guard (Goodhart)"}
    vanity = check("pick_kpis", ["chatbot_interactions", "csat"])
    assert "Deflection rate" in next(p.text for p in vanity.points if not p.ok)
    too_many = check("pick_kpis", ["csat", "nps", "first_contact_resolution", "deflection_rate",
                                   "agent_productivity", "escalation_rate"])
    assert too_many.hint == f"Pick between 2 and {MAX_PICKS} KPIs."
    typo = check("pick_kpis", ["csat", "lead_tme"])
    assert "did you mean lead_time?" in typo.points[0].text
    # the model answer is the sample plan's own KPIs, matched to the catalogue
    plan = training.load_sample("chatbot").plan
    assert model_answer("pick_kpis") == [e.id for e in map(match_catalogue, plan.kpis) if e]


def test_baseline_feedback_recognises_the_period_that_was_used():
    s = training.load_sample("invoicing")
    kpi = s.kpi("days_to_paid")
    after = level(s.rows("days_to_paid", "after"), kpi)
    assert "the level after go-live" in check("baseline_level", round(after, 2)).message
    judged = s.rows("days_to_paid")
    everything = level(judged[judged["period"] != "outside"], kpi)
    assert "over all measurements" in check("baseline_level", round(everything, 2)).message
    median = s.rows("days_to_paid", "baseline")["value"].median()
    assert "the median" in check("baseline_level", median).message
    assert check("baseline_level", "11,8", "nl").passed
    assert "not a number" in check("baseline_level", "abc").message


@pytest.mark.parametrize("when, words", [
    ("2026-03-30", "before go-live"), ("2026-04-08", "first week"),
    ("20-4-2026", "still inside the 4 weeks"), ("2026-06-30", "later than needed"),
    ("2027-01-10", "more than six months"), ("soon", "not a date"),
])
def test_first_evaluation_explains_why_a_date_is_too_early_or_too_late(when, words):
    feedback = check("first_evaluation", when)
    assert not feedback.passed and words in feedback.message
    assert "between 4 May 2026 and 18 May 2026" in feedback.hint


def test_choose_test_follows_the_kits_own_choice():
    expected = TEST_FAMILY[training.load_sample("invoicing").row("errors_per_100")["test"]]
    assert expected == model_answer("choose_test") == "compare_rates"
    for spelling in ("compare_rates", "ka.compare_rates()", "poisson", "Rates"):
        assert check("choose_test", spelling).passed
    wrong = check("choose_test", "t-test")
    assert not wrong.passed and "compare_means is made for values per item" in wrong.message
    assert "n holds the exposure" in wrong.hint
    # the same exercise on another KPI: a per-item duration
    assert check("choose_test", "compare_means", kpi="days_to_paid").passed


def test_verdict_feedback_gives_the_interval_and_the_truth():
    feedback = check("verdict", "improved")
    assert not feedback.passed
    assert "includes no change" in feedback.message and "no real change" in feedback.message
    assert check("verdict", "geen aantoonbare verandering", "nl").passed
    assert check("verdict", "improved", sample="invoicing", kpi="days_to_paid").passed


def test_roi_feedback_names_the_usual_mistakes():
    case = roi_case("invoicing")
    figures = case["figures"]
    benefit, investment = figures["benefit_total"]["value"], figures["investment_total"]["value"]
    assert math.isclose(model_answer("roi"), figures["roi_pct"]["value"], abs_tol=0.05)
    one_off = case["investment"]["one_off_total"]
    mistakes = {
        "as a fraction": figures["roi_pct"]["value"] / 100,
        "benefit / investment": benefit / investment * 100,
        "only the one-off costs": (benefit - one_off) / one_off * 100,
        "divides by the benefit": (benefit - investment) / benefit * 100,
        "over the first 12 months": figures["roi_first_year_pct"]["value"],
    }
    for words, value in mistakes.items():
        feedback = check("roi", round(value, 2))
        assert not feedback.passed and words in feedback.message, (words, str(feedback))
    assert check("roi", f"{figures['roi_pct']['value']:.0f} %").passed


def test_intro_exercises_use_the_catalogue_flags():
    cat = load_catalogue()
    assert model_answer("vanity_metrics") == [i for i in VANITY_OPTIONS
                                              if cat.entry(i).vanity or cat.entry(i).output]
    partial = check("vanity_metrics", ["website_visitors", "conversion_rate"])
    assert "You found 1 of the 4" in partial.message and "Still 3 to find" in partial.hint
    assert check("leading_lagging", "demos_booked, trials_started, sales_calls").passed
    levels = check("ai_levels", {"uptime": "proces", "time_to_first_draft": "process",
                                 "cost_saving": "bedrijf", "active_users": "gebruik"}, "nl")
    assert "2 van de 4 niveaus" not in levels.message and "3 van de 4" in levels.message


# --- texts -----------------------------------------------------------------------------

def test_every_message_exists_in_both_languages_with_the_same_fields():
    fields = string.Formatter()
    messages = {k: LABELS[k] for k in LABELS if k.startswith("training.")}
    for key, (en, nl) in messages.items():
        assert en.strip() and nl.strip(), key
        names = [{f for _, f, _, _ in fields.parse(t) if f} for t in (en, nl)]
        assert names[0] == names[1], key
    assert sum(en != nl for en, nl in messages.values()) > 0.9 * len(messages)


# --- demonstrations --------------------------------------------------------------------

def test_the_method_recovers_the_truth_of_the_samples():
    box = training.truth_table("en")
    inside = box.table["Truth inside the interval"]
    assert len(inside) == 17 and (inside == "yes").sum() >= 15


def test_without_control_the_season_is_credited_to_the_change():
    table = training.without_control("webshop", "conversion", "en").table
    number = lambda cell: float(cell.split()[0])  # noqa: E731
    naive, control, did = (number(v) for v in table["Measured change"])
    truth = [number(v) for v in table["Truth"]]
    assert abs(did - truth[2]) < abs(naive - truth[2])
    assert control > 0 and abs(control - truth[1]) < 0.15


def test_judging_in_week_one_understates_the_effect():
    table = training.judge_too_early("invoicing", 7, "en").table
    row = table.loc["Days from invoice created to paid"]
    week_one = float(row["After 7 days"].split("%")[0].replace("\u2212", "-"))
    settled = float(row["After the stabilisation weeks"].split("%")[0].replace("\u2212", "-"))
    assert abs(week_one) < abs(settled) / 3
    assert "no detectable change" in row["After 7 days"]


def test_short_and_missing_baselines():
    box = training.short_baseline("invoicing", "days_to_paid", 1, "en")
    assert re.search(r"interval of the change is \d+\.\d times as wide", box.paragraphs[0])
    skipped = training.skip_baseline("invoicing", "days_to_paid", "nl")
    assert any("weigert" in p and "geen metingen in de nulmeting" in p
               for p in skipped.paragraphs)


def test_run_test_runs_the_chosen_family_or_says_why_not():
    for family in FAMILIES:
        result = training.run_test(family, "invoicing", "errors_per_100")
        assert result.loc[0, "p_val"] < 0.05
    assert training.run_test("compare_rates", "invoicing", "days_to_paid").paragraphs
    assert "Choose a test" in str(training.run_test("", "invoicing", "days_to_paid"))


# --- the notebooks ---------------------------------------------------------------------

def _nb(path):
    return nbformat.read(path, as_version=4)


def _calls(cell) -> list[str]:
    tree = ast.parse(cell.source)
    return [ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)]


def test_every_notebook_exists_in_english_and_dutch_with_the_same_code():
    en = sorted(p.name for p in (TRAINING / "en").glob("*.ipynb"))
    nl = sorted(p.name for p in (TRAINING / "nl").glob("*.ipynb"))
    assert en == nl and len(en) == 6
    for name in en:
        cells = {lang: _nb(TRAINING / lang / name).cells for lang in LANGS}
        assert [c.cell_type for c in cells["en"]] == [c.cell_type for c in cells["nl"]]
        for a, b in zip(cells["en"], cells["nl"]):
            if a.cell_type == "code":
                assert _calls(a) == _calls(b), a.source
            else:
                assert a.source != b.source  # the learner reads their own language


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_parameters_cell_sets_language_and_solution(path):
    cells = [c for c in _nb(path).cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    values = {}
    for node in ast.parse(cells[0].source).body:
        assert isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Constant)
        values[node.target.id] = node.value.value
    assert values == {"lang": path.parent.name, "solution": False}
    assert all("#" in line for line in cells[0].source.splitlines())


def _answer_cells(nb) -> dict[str, object]:
    """exercise -> the learner's default answer in the committed notebook."""
    defaults = {}
    for i, cell in enumerate(nb.cells):
        match = re.search(r'training\.answer\("(\w+)", (\w+),', cell.source)
        if match:
            previous = nb.cells[i - 1].source
            node = ast.parse(previous).body[0]
            assert isinstance(node, ast.Assign) and node.targets[0].id == match[2]
            defaults[match[1]] = ast.literal_eval(node.value)
    return defaults


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_exercise_sits_in_its_notebook_and_starts_blank(path):
    nb = _nb(path)
    expected = sorted(e.id for e in EXERCISES.values() if e.notebook == path.stem)
    defaults = _answer_cells(nb)
    assert sorted(defaults) == expected
    checks = [c for c in nb.cells if "training.check(" in c.source]
    assert len(checks) == len(expected)
    for exercise, default in defaults.items():
        assert not check(exercise, default, path.parent.name).passed


@pytest.fixture(scope="module")
def warm_kernel():
    from kpi_analysis.run.kernel import WarmKernel
    kernel = WarmKernel()
    yield kernel
    kernel.close()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_runs_as_answer_key_with_every_exercise_passed(path, warm_kernel):
    from kpi_analysis.run.kernel import execute_notebook
    start = time.perf_counter()
    executed = execute_notebook(path, {"solution": True}, km=warm_kernel.ready())
    seconds = time.perf_counter() - start
    expected = sorted(e.id for e in EXERCISES.values() if e.notebook == path.stem)
    verdicts = {}
    for cell in executed.cells:
        if cell.cell_type != "code" or "training.check(" not in cell.source:
            continue
        plain = [o["data"]["text/plain"] for o in cell.outputs if o.get("output_type") ==
                 "execute_result"]
        assert len(plain) == 1, cell.source
        exercise, status = re.match(r"(\w+): (passed|not yet)", plain[0]).groups()
        verdicts[exercise] = status
    assert sorted(verdicts) == expected
    assert set(verdicts.values()) <= {"passed"}, verdicts
    errors = [o for c in executed.cells for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    assert seconds < 30, f"{path.name} took {seconds:.1f} s"
    print(json.dumps({"notebook": f"{path.parent.name}/{path.name}", "seconds": round(seconds, 2)}))
