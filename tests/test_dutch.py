"""A Dutch report is Dutch (issue 16 item 5): every word the kit writes in nl comes from
the nl store, numbers on charts use the Dutch format, the sample plans written in Dutch
stay Dutch, and the terminal output of ``kpi check`` and the batch index too.

The English words to look for are the words of the en store that the nl store never
uses (``the``, ``improved``, ``read``, ``unused``, ...), so a new English text that
slips into a Dutch report is caught without keeping a list by hand. What a client
wrote in an English plan (names, goal, decisions) is theirs and is taken out of the
text first; the plans with ``language: nl`` are scanned whole.
"""
from __future__ import annotations

import json
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

import kpi_analysis as ka  # noqa: E402
from kpi_analysis.method.checks import format_checks  # noqa: E402
from kpi_analysis.plan.models import Problem  # noqa: E402
from kpi_analysis.present import charts  # noqa: E402
from kpi_analysis.run.batch import index_html  # noqa: E402
from kpi_analysis.run.report import render_report  # noqa: E402
from kpi_analysis.words.numbers import fmt_count  # noqa: E402
from kpi_analysis.words.store import texts  # noqa: E402

import golden  # noqa: E402
from conftest import SAMPLES  # noqa: E402

NAMES = sorted(p.parent.name for p in SAMPLES.glob("*/plan.yaml"))
DUTCH_PLANS = [n for n in NAMES
               if yaml.safe_load((SAMPLES / n / "plan.yaml").read_text())["language"] == "nl"]

#: words written the same in a Dutch text: names, codes and loanwords Dutch uses as is
SAME_IN_DUTCH = {"kpi", "roi", "npv", "irr", "it", "eur", "usd", "status", "deadline", "score",
                 "week", "trends", "focus", "id", "open", "items", "project", "per", "order",
                 "min", "n", "bom", "utf", "excel", "parquet", "tab", "kpi-kit", "ok",
                 # test names in the appendix (Welch's t-test, a quasi-binomial model)
                 "welch", "quasi-binomial",
                 # Dutch words spelled like English ones
                 "late"}
#: plan fields the author fills in, named as written in the plan
PLAN_FIELDS = set(Problem.model_fields)


def words(text: str) -> set[str]:
    """The lower-case words of a text without its {fields}, quoted names ('Datum'),
    identifiers (days_to_paid, processes[0].kpis[1]), file names and the golden
    files' placeholders (<version>, <date>)."""
    text = re.sub(r"\{[^}]*\}|<[a-z]+>|'[^']*'|\S*[_\[\].]\w\S*", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", text)}


def english_words() -> set[str]:
    """Words of the en store that the nl store never uses, 3 letters or more."""
    en = set().union(*map(words, texts("en").values()))
    nl = set().union(*map(words, texts("nl").values()))
    return {w for w in en - nl - SAME_IN_DUTCH if len(w) >= 3}


ENGLISH = english_words()


def leftovers(lines, plan_text=()) -> dict[str, str]:
    """English words in ``lines`` (first line each shows), after taking out the
    client's own ``plan_text``."""
    own = sorted({t for t in plan_text if len(t) >= 3}, key=len, reverse=True)
    found = {}
    for line in lines:
        for t in own:
            line = re.sub(rf"(?<!\w){re.escape(t)}(?!\w)", " ", line)
        for w in words(line) & ENGLISH - PLAN_FIELDS:
            found.setdefault(w, line[:120])
    return found


def plan_strings(value) -> list[str]:
    """Every text a plan file holds (its names, goal, units, decisions, ...)."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in plan_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in plan_strings(v)]
    return [value] if isinstance(value, str) else []


def test_the_english_word_list_holds_the_reported_leftovers():
    assert {"the", "and", "improved", "read", "unused", "ignored", "weeks"} <= ENGLISH
    assert not {"de", "het", "van", "week", "kpi", "roi"} & ENGLISH


def test_every_dutch_text_differs_from_english_or_is_the_same_word_in_dutch():
    en, nl = texts("en"), texts("nl")
    same = {k: v for k, v in nl.items() if en.get(k) == v and words(v) - SAME_IN_DUTCH}
    assert not same, f"nl texts still in English: {same}"


@pytest.mark.parametrize("name", NAMES)
def test_golden_dutch_report_has_no_english_leftovers(name):
    """The golden files hold every sample's nl text and alt texts; the golden test
    (test_samples.py) proves they are what a fresh rendering shows."""
    report = json.loads((golden.GOLDEN / f"{name}-nl.json").read_text(encoding="utf-8"))
    report = report["report"]
    own = () if name in DUTCH_PLANS else plan_strings(
        yaml.safe_load((SAMPLES / name / "plan.yaml").read_text(encoding="utf-8")))
    found = leftovers(report["text"] + report["alts"], own)
    assert not found, f"{name}: English in the Dutch report: {found}"


def test_a_fresh_dutch_report_of_the_flagship_sample_is_dutch(tmp_path):
    paths = render_report(SAMPLES / "invoicing" / "plan.yaml", lang="nl", out_dir=tmp_path)
    report = golden.structure(paths["html"].read_text(encoding="utf-8"))
    assert report["alts"] and not leftovers(report["text"] + report["alts"])
    assert "ingelezen als" in " ".join(report["text"])


def test_chart_numbers_are_written_the_dutch_way():
    """Tick labels and annotations: a decimal comma, never a decimal point (3,5 not
    3.5); '1.140' is a Dutch thousand."""
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    data = ka.load_measurements("", plan)
    results = ka.compare_kpis(data, plan)
    case = ka.business_case(plan, results, draws=200)
    axes = [charts.before_after(results, lang="nl"), charts.cash_flow(case, lang="nl"),
            charts.tornado(case, lang="nl"),
            *(charts.kpi_over_time(data, k, plan.periods, lang="nl") for k in plan.kpis)]
    shown = []
    for ax in axes:
        ax.figure.canvas.draw()
        shown += [t.get_text() for t in [*ax.get_xticklabels(), *ax.get_yticklabels(),
                                         *ax.texts]]
    plt.close("all")
    decimals = [t for t in shown if re.search(r"\d,\d", t)]
    assert decimals and not [t for t in shown if re.search(r"\d\.\d{1,2}(?!\d)", t)]
    assert not leftovers(shown)


def test_kpi_check_and_the_batch_index_speak_dutch():
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    table = format_checks(ka.check_plan(plan), lang="nl")
    assert table.splitlines()[0].split()[:2] == ["status", "onderdeel"]
    assert table.splitlines()[-1].startswith("in orde ")
    assert not leftovers(table.splitlines())
    summary = {"kit_version": "0", "ok": 1, "unchanged": 0, "failed": 1, "clients": [
        {"name": "a", "folder": "a", "status": "ok", "report": True, "language": "nl",
         "client": "A", "project": "P", "kpis": 3, "improved": 2, "worsened": 0,
         "roi_pct": 1234.4},
        {"name": "b", "folder": "b", "status": "failed", "reason": "", "language": "nl"}]}
    page = golden.structure(index_html(summary))
    assert '<html lang="nl">' in index_html(summary) and "1.234%" in page["text"]
    assert not leftovers(page["text"])


def test_counts_have_dutch_plurals_and_thousands():
    assert fmt_count(1, "week", "nl") == "1 week"
    assert fmt_count(2, "week", "nl") == "2 weken"
    assert fmt_count(1439, "row", "nl") == "1.439 rijen"
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    short = plan.model_copy(update={"periods": plan.periods.model_copy(
        update={"stabilisation_weeks": 1})})
    messages = " ".join(ka.check_plan(short, lang="nl")["message"])
    assert "1 week " in messages and "1 weken" not in messages


def test_kpi_new_says_in_dutch_what_is_wrong_with_an_answer():
    from datetime import date

    from kpi_analysis.method.scaffold import interview
    prompts, answers = [], iter(["", "Van Dijk BV"])

    def ask(prompt):
        prompts.append(prompt)
        return next(answers)

    got = interview(ask, language="nl", project="p", goal="g", business_aim="cut_costs",
                    use_case="automation", kpi_ids=["error_rate"], owner="o",
                    go_live=date(2026, 3, 2))
    assert got["client"] == "Van Dijk BV"
    assert prompts[1].startswith("Ongeldig: geef een antwoord")
    with pytest.raises(ka.InputError, match="geen geldig antwoord na 3 pogingen"):
        interview(lambda prompt: "", language="nl", project="p", goal="g")


def test_the_training_counts_one_week_as_one_week():
    from kpi_analysis.training import check
    feedback = check("first_evaluation", "2026-04-14", "nl")  # 8 days after go-live
    assert "is 1 week na de livegang: nog binnen de 4 weken" in feedback.message
