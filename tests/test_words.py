"""The words store: every key in every language with the same fields, no key twice,
files read as UTF-8 (kpi_analysis/words/locales/<lang>/<domain>.yaml)."""
from __future__ import annotations

import string
from pathlib import Path

import pytest

from kpi_analysis import vocab
from kpi_analysis.errors import KpiError
from kpi_analysis.words import store
from kpi_analysis.words.store import LABELS, LANGUAGES, label, load, texts


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_languages_are_the_locale_folders_and_the_kits_languages():
    assert LANGUAGES == tuple(sorted(p.name for p in Path(str(store.LOCALES)).iterdir()
                                     if p.is_dir()))
    assert LANGUAGES == vocab.LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_exists_in_every_language_with_the_same_fields(lang):
    first = texts(LANGUAGES[0])
    mine = texts(lang)
    assert sorted(set(first) - set(mine)) == [], f"keys missing in {lang}"
    assert sorted(set(mine) - set(first)) == [], f"keys only in {lang}"
    differ = [key for key in first if _fields(first[key]) != _fields(mine[key])]
    assert differ == [], f"{lang}: other {{fields}} than in {LANGUAGES[0]}"
    assert [key for key, text in mine.items() if not text.strip()] == []


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    return root


def test_a_key_twice_across_domain_files_is_refused(tmp_path):
    root = _write(tmp_path, {"en/a.yaml": 'x.one: "one"\n', "en/b.yaml": 'x.one: "again"\n'})
    with pytest.raises(KpiError, match=r"en/b.yaml: key 'x.one' is also in en/a.yaml"):
        load(root)


def test_a_key_twice_in_one_file_is_refused(tmp_path):
    root = _write(tmp_path, {"nl/a.yaml": 'x.one: "een"\nx.two: "twee"\nx.one: "nog eens"\n'})
    with pytest.raises(KpiError, match=r"nl/a.yaml: line 3: key 'x.one' is written twice"):
        load(root)


def test_a_text_that_is_not_a_string_is_refused(tmp_path):
    root = _write(tmp_path, {"en/a.yaml": "x.count: 3\n"})
    with pytest.raises(KpiError, match=r"en/a.yaml: key 'x.count': expected a text"):
        load(root)


def test_files_are_read_as_utf8(tmp_path):
    root = _write(tmp_path, {"en/a.yaml": 'x.sign: "\u2212 6,9 %-punt \u2014 \u00e9\u00e9n"\n'})
    assert load(root) == {"en": {"x.sign": "\u2212 6,9 %-punt \u2014 \u00e9\u00e9n"}}


def test_the_package_texts_keep_non_ascii_quotes_and_braces():
    assert label("verdict.improved", "nl") == "verbeterd"
    assert label("tile.roi", "nl", months=12) == "ROI over 12 maanden"
    assert "{months}" in label("tile.roi", "en")  # no fields given: the text as written


def test_labels_is_a_read_only_view_of_the_store_per_language():
    assert "nope" not in LABELS and "report.title" in LABELS
    assert LABELS["report.title"] == tuple(label("report.title", lang) for lang in LANGUAGES)
    assert len(LABELS) == len(texts("en")) == len(set(LABELS))
