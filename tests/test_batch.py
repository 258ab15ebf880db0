"""Batch reports: failure isolation, incremental runs, warm-kernel identity, Dask."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from kpi_analysis.run import batch
from kpi_analysis.run.kernel import WarmKernel
from kpi_analysis.run.report import render_report

from conftest import SAMPLES

GOOD = ["invoicing", "genai_quotes", "cv_screening", "chatbot"]


def kpi(*args):
    return subprocess.run([sys.executable, "-m", "kpi_analysis.cli", *map(str, args)],
                          capture_output=True, text=True)


def clients(root, names):
    """Client folders copied from the samples: name -> sample folder."""
    for name, sample in names.items():
        shutil.copytree(SAMPLES / sample, root / name)
    return root


def test_twenty_clients_three_broken(tmp_path):
    src = clients(tmp_path / "src", {f"client{i:02d}": GOOD[i % 4] for i in range(17)})
    shutil.copytree(SAMPLES / "invoicing", src / "bad_yaml")
    (src / "bad_yaml" / "plan.yaml").write_text("client: [unclosed\n", encoding="utf-8")
    shutil.copytree(SAMPLES / "invoicing", src / "bad_field")
    plan = src / "bad_field" / "plan.yaml"
    plan.write_text(plan.read_text().replace("project:", "projekt:"), encoding="utf-8")
    shutil.copytree(SAMPLES / "invoicing", src / "bad_data")
    data = src / "bad_data" / "measurements.csv"
    data.write_text(data.read_text().replace("days_to_paid,16", "days_to_paid,sixteen", 1))

    result = kpi("batch", src, "--out", tmp_path / "out", "--jobs", "2")
    assert result.returncode == 1, result.stderr
    assert result.stdout.strip().startswith("17 rendered, 0 unchanged, 3 failed")
    out = tmp_path / "out"
    assert len(list(out.glob("*/report.html"))) == 17
    assert not list(out.glob("bad_*/*")) and not list(out.glob(".*tmp"))
    summary = json.loads((out / "batch.json").read_text())
    failed = {c["name"]: c["reason"] for c in summary["clients"] if c["status"] == "failed"}
    assert set(failed) == {"bad_yaml", "bad_field", "bad_data"}
    assert "not valid YAML" in failed["bad_yaml"]
    assert "projekt: unknown field" in failed["bad_field"]
    assert re.search(r"row \d+, column 'value': 'sixteen[.0-9]*' is not a number", failed["bad_data"])
    index = (out / "index.html").read_text()
    assert index.count('href="client') == 17 and "sixteen" in index
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", index)


def test_unchanged_clients_are_skipped_unless_forced(tmp_path):
    src = clients(tmp_path / "src", {"a": "invoicing", "b": "cv_screening"})
    first = batch.run_batch(src, tmp_path / "out", jobs=1)
    assert (first["ok"], first["unchanged"]) == (2, 0)
    second = batch.run_batch(src, tmp_path / "out", jobs=1)
    assert (second["ok"], second["unchanged"]) == (0, 2)
    (src / "b" / "measurements.csv").write_text(
        (src / "b" / "measurements.csv").read_text() + "2026-07-20,time_to_hire,30.0,\n")
    third = batch.run_batch(src, tmp_path / "out", jobs=1)
    assert [c["status"] for c in third["clients"]] == ["unchanged", "ok"]
    forced = batch.run_batch(src, tmp_path / "out", jobs=1, force=True)
    assert forced["ok"] == 2


def test_warm_kernel_report_is_identical_to_one_rendered_alone(tmp_path):
    plan = SAMPLES / "invoicing" / "plan.yaml"
    alone = render_report(plan, out_dir=tmp_path / "alone")
    kernel = WarmKernel()
    try:
        render_report(SAMPLES / "chatbot" / "plan.yaml", out_dir=tmp_path / "other",
                      kernel=kernel)
        warm = render_report(plan, out_dir=tmp_path / "warm", kernel=kernel)
    finally:
        kernel.close()
    for key in ("html", "results"):
        assert alone[key].read_bytes() == warm[key].read_bytes(), key


def _dies_on_b(job, out, key):
    if job.name == "b":
        os._exit(9)  # the worker process dies without a word
    return {"name": job.name, "status": "ok"}


def test_a_dying_worker_costs_only_its_client(tmp_path):
    todo = [(batch.Job(name, "unused.yaml"), None) for name in ("a", "b", "c")]
    records = batch._run_local(todo, tmp_path, 2, lambda record: None, task=_dies_on_b)
    status = {r["name"]: (r["status"], r.get("reason")) for r in records}
    assert status["a"] == ("ok", None) and status["c"] == ("ok", None)
    assert status["b"] == ("failed", "the worker rendering this report died")


def test_manifest_with_languages_and_relative_paths(tmp_path):
    clients(tmp_path, {"acme": "invoicing"})
    manifest = tmp_path / "clients.csv"
    manifest.write_text("name,plan,data,language,audience\nacme-en,acme/plan.yaml,,en,\n"
                        "acme-nl,acme/plan.yaml,acme/measurements.csv,nl,executive\n")
    jobs = batch.discover(manifest)
    assert [(j.name, j.lang, j.audience) for j in jobs] == [
        ("acme-en", "en", "all"), ("acme-nl", "nl", "executive")]
    assert jobs[1].data == str(tmp_path / "acme" / "measurements.csv")


@pytest.mark.parametrize("text, message", [
    ("client,data\nx,y\n", "a manifest needs a 'plan' column"),
    ("plan,language\na/plan.yaml,de\n", "row 2, column 'language': 'de' is not a report"),
    ("name,plan\nx,a/plan.yaml\nx,b/plan.yaml\n", "row 3, column 'name': 'x' is also on row 2"),
    ("plan,audience\na/plan.yaml,board\n", "row 2, column 'audience': 'board' is not known"),
])
def test_bad_manifest_stops_the_batch_before_it_starts(tmp_path, text, message):
    manifest = tmp_path / "clients.csv"
    manifest.write_text(text)
    result = kpi("batch", manifest, "--out", tmp_path / "out")
    assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_dask_cluster_renders_the_same_batch(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = clients(tmp_path / "src", {"a": "invoicing", "b": "cv_screening"})
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary = batch.run_batch(src, tmp_path / "out", scheduler=cluster.scheduler_address)
    assert summary["ok"] == 2 and summary["failed"] == 0
    local = render_report(src / "a" / "plan.yaml", out_dir=tmp_path / "alone")
    assert (tmp_path / "out" / "a" / "report.html").read_bytes() == local["html"].read_bytes()
