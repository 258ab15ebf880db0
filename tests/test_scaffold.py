"""`kpi new`: a project folder from catalogue KPIs, written whole or not at all."""
from __future__ import annotations

import csv
from datetime import date

import pytest
import yaml

import kpi_analysis as ka
from kpi_analysis.method.catalogue import load_catalogue
from kpi_analysis.method.scaffold import DATA_FILE, PLAN_FILE, interview, new_project

ARGS = dict(client="Van Dijk BV", project="Chatbot for support", use_case="chatbot",
            kpi_ids=["first_contact_resolution", "agent_productivity", "csat"],
            go_live="2026-05-04", owner="Head of service",
            goal="Halve the time to answer customers")


def test_new_project_writes_a_loadable_plan_and_a_data_template(tmp_path):
    folder = tmp_path / "van-dijk"
    paths = new_project(folder, **ARGS)
    assert paths == [folder / PLAN_FILE, folder / DATA_FILE]
    assert sorted(p.name for p in folder.iterdir()) == sorted([PLAN_FILE, DATA_FILE])
    plan = ka.load_plan(paths[0])
    assert [k.id for k in plan.kpis] == ARGS["kpi_ids"]
    assert plan.client == "Van Dijk BV" and plan.ai is True
    assert plan.periods.go_live == date(2026, 5, 4)
    assert plan.periods.baseline.end < plan.periods.go_live
    assert plan.periods.after_start == date(2026, 6, 1)
    assert plan.data_path == folder / DATA_FILE
    productivity = plan.kpi("agent_productivity")
    assert productivity.guard == "csat"           # the catalogue's guard, chosen too
    assert productivity.target.change == pytest.approx(0.2)  # modest end of +20-30%
    assert plan.kpi("first_contact_resolution").target.value == 60
    assert all(k.owner == "Head of service" and k.category for k in plan.kpis)


def test_plan_keeps_the_template_structure_and_comments(tmp_path):
    text = (new_project(tmp_path / "p", **ARGS)[0]).read_text(encoding="utf-8")
    assert "# Step 1 -- the goal" in text and "# Step 2 -- KPIs" in text
    assert "lower_is_better | higher_is_better" in text
    assert "\n# costs:\n" in text  # the business case, commented out to fill in
    assert "&id" not in text and "*id" not in text
    keys = list(yaml.safe_load(text))
    template = list(yaml.safe_load(open(ka.__path__[0] + "/../templates/plan.yaml")))
    assert [k for k in keys if k in template] == [k for k in template if k in keys]


def test_data_template_has_the_right_columns(tmp_path):
    data = new_project(tmp_path / "p", **ARGS)[1]
    rows = list(csv.DictReader(data.open(encoding="utf-8")))
    assert list(rows[0]) == ["date", "kpi", "value", "n"]  # proportions need n
    assert {r["kpi"] for r in rows} == set(ARGS["kpi_ids"])
    assert all(r["value"] == "" for r in rows)
    plan = ka.load_plan(tmp_path / "p" / PLAN_FILE)
    assert all(plan.periods.baseline.start <= date.fromisoformat(r["date"])
               <= plan.periods.baseline.end for r in rows)
    no_n = new_project(tmp_path / "q", **{**ARGS, "kpi_ids": ["agent_productivity"]})[1]
    assert no_n.read_text().splitlines()[0] == "date,kpi,value"


def test_dutch_project_gets_dutch_names(tmp_path):
    plan = ka.load_plan(new_project(tmp_path / "p", **{**ARGS, "language": "nl"})[0])
    assert plan.language == "nl"
    assert plan.kpi("csat").name == "Klanttevredenheid (CSAT, % positief)"
    assert plan.reporting.decisions.startswith("Het maandoverleg")


def test_new_plan_is_checked_honestly(tmp_path):
    plan = ka.load_plan(new_project(tmp_path / "p", **ARGS)[0])
    checks = ka.check_plan(plan)
    failed = set(checks.loc[checks["status"] == "fail", "item"])
    assert failed == {"checklist.method_frequency"}  # the method is for the user to write
    without_goal = {k: v for k, v in ARGS.items() if k not in ("goal", "owner")}
    plan = ka.load_plan(new_project(tmp_path / "q", **without_goal)[0])
    failed = set(ka.check_plan(plan).query("status == 'fail'")["item"])
    assert {"checklist.goal", "ipa.authority"} <= failed


def test_never_overwrites_a_non_empty_folder(tmp_path):
    folder = tmp_path / "client"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(ka.KpiError, match="client: exists and is not an empty folder"):
        new_project(folder, **ARGS)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "mine"
    a_file = tmp_path / "plan.yaml"
    a_file.write_text("x")
    with pytest.raises(ka.KpiError):
        new_project(a_file, **ARGS)


def test_an_empty_folder_is_filled(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert len(new_project(folder, **ARGS)) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]  # no staging folder left


@pytest.mark.parametrize("change, message", [
    ({"kpi_ids": ["csat", "warp_speed"]}, "kpi_ids: 'warp_speed' is not in the KPI catalogue"),
    ({"kpi_ids": ["days_to_payd"]}, "catalogue. Did you mean 'days_to_paid'? The valid ids are "
                                    "listed by: kpi catalogue"),
    ({"kpi_ids": []}, "kpi_ids: choose at least one KPI"),
    ({"use_case": "astrology"}, "use_case: 'astrology' is not known"),
    ({"language": "de"}, "language: 'de'"),
    ({"business_aim": "world_peace"}, "business_aim: 'world_peace'"),
    ({"go_live": "next week"}, "go_live: expected a date"),
])
def test_bad_arguments_write_nothing(tmp_path, change, message):
    with pytest.raises(ka.InputError) as err:
        new_project(tmp_path / "p", **{**ARGS, **change})
    assert message in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_every_catalogue_kpi_scaffolds_into_a_valid_plan(tmp_path):
    ids = [e.id for e in load_catalogue().kpis]
    plan = ka.load_plan(new_project(tmp_path / "all", **{**ARGS, "kpi_ids": ids})[0])
    assert len(plan.kpis) == len(ids)
    linked = [k for k in plan.kpis if k.guard]
    assert len(linked) == len(ids)  # every suggested guard is in the plan, so linked


# --- the question flow ------------------------------------------------------------------

class Canned:
    """An ``ask`` that replays answers and records the prompts."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


def test_interview_asks_everything_and_feeds_new_project(tmp_path):
    ask = Canned("nl", "Van Dijk BV", "Facturatie", "Doorlooptijd facturatie halveren",
                 "1", "invoicing", "", "days_to_paid", "j", "Hoofd financiën", "2026-04-06")
    answers = interview(ask)
    assert not ask.answers
    assert answers["language"] == "nl" and answers["business_aim"] == "cut_costs"
    assert answers["use_case"] == "automation"
    assert answers["kpi_ids"] == ["days_to_paid", "error_rate"]  # guard added on 'j'
    assert answers["go_live"] == date(2026, 4, 6)
    assert "Doel: welk bedrijfsresultaat" in ask.prompts[3]
    assert "days_to_paid" in ask.prompts[7]  # the menu lists the catalogue KPIs
    plan = ka.load_plan(new_project(tmp_path / "p", **answers)[0])
    assert plan.kpi("days_to_paid").guard == "error_rate"


def test_interview_skips_what_is_known_and_picks_by_number():
    menu_ids = list(ka.catalogue("hr")["id"])
    ask = Canned("", f"1, {menu_ids.index('time_to_hire') + 1}", "n")
    answers = interview(ask, language="en", client="c", project="p", goal="g",
                        business_aim="free_up_time", use_case="hr", owner="o",
                        go_live="2026-01-05")
    assert answers["kpi_ids"] == [menu_ids[0], "time_to_hire"]  # guard declined
    assert len(ask.prompts) == 3  # the sector, the KPI menu, one guard question


def test_interview_asks_again_after_a_wrong_answer():
    ask = Canned("31-02-2026", "2026-02-30", "2026-03-02")
    answers = interview(ask, language="en", client="c", project="p", goal="g",
                        business_aim="cut_costs", use_case="automation",
                        kpi_ids=["error_rate"], owner="o")
    assert answers["go_live"] == date(2026, 3, 2)
    assert ask.prompts[1].startswith("Not valid: go_live: expected a date")


def test_interview_gives_up_after_three_wrong_answers():
    ask = Canned("x", "y", "z")
    with pytest.raises(ka.InputError, match="no valid answer after 3 tries"):
        interview(ask, language="en", client="c", project="p", goal="g",
                  business_aim="cut_costs", use_case="hr")  # x, y, z are no sectors
    with pytest.raises(ka.InputError, match="use_case: 'nonsense_use'"):
        interview(Canned(), language="en", client="c", project="p", goal="g",
                  business_aim="cut_costs", use_case="nonsense_use", kpi_ids=["csat"],
                  owner="o", go_live="2026-01-05")
