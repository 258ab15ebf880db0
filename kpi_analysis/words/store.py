"""The one store of client-facing words, held as data per language.

Every text a client reads lives in ``kpi_analysis/words/locales/<lang>/<domain>.yaml``:
one folder per language, one flat file per domain (``labels``, ``new``, ...), each a
mapping ``key: "text with {fields}"``. A key lives in exactly one domain file and exists
in every language with the same ``{fields}`` (``tests/test_words.py`` checks it), so a
third language is a folder of data, not code.

    >>> label("verdict.improved", "nl")
    'verbeterd'
    >>> label("tile.roi", "en", months=24)
    'ROI over 24 months'
    >>> "verdict.improved" in LABELS, LABELS["verdict.improved"]
    (True, ('improved', 'verbeterd'))

The files are read once, on the first lookup, as UTF-8 (:func:`load`).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

import yaml

from ..errors import InputError, KpiError

#: where the language folders are (shipped inside the package, see pyproject.toml)
LOCALES: Traversable = files(__package__) / "locales"


def languages(root: Traversable = LOCALES) -> tuple[str, ...]:
    """The languages of a locales folder: its sub-folders, sorted."""
    return tuple(sorted(p.name for p in root.iterdir()
                        if p.is_dir() and not p.name.startswith(("_", "."))))


#: the report languages: one folder each under :data:`LOCALES`
LANGUAGES: tuple[str, ...] = languages()


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice in one mapping (PyYAML would
    keep the last one silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise KpiError(f"{node.start_mark.name}: line {key_node.start_mark.line + 1}: "
                               f"key '{key}' is written twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_domain(file: Traversable, where: str) -> dict[str, str]:
    """One domain file: a flat mapping of text keys to texts."""
    loader = _UniqueKeyLoader(file.read_text(encoding="utf-8"))
    loader.name = where
    try:
        data = loader.get_single_data() or {}
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise KpiError(f"{where}: expected a mapping 'key: \"text\"', got {type(data).__name__}")
    for key, text in data.items():
        if not (isinstance(key, str) and isinstance(text, str)):
            raise KpiError(f"{where}: key {key!r}: expected a text in quotes, got {text!r}")
    return data


def load(root: Traversable = LOCALES) -> dict[str, dict[str, str]]:
    """Every text of a locales folder: ``{lang: {key: text}}``, each
    ``<lang>/*.yaml`` read as UTF-8.

    Raises :class:`~kpi_analysis.errors.KpiError` naming the file and key when a
    key is written twice, in one file or across the domain files of a language.
    """
    texts: dict[str, dict[str, str]] = {}
    for lang in languages(root):
        texts[lang], home = {}, {}
        domains = sorted((f for f in (root / lang).iterdir() if f.name.endswith(".yaml")),
                         key=lambda f: f.name)
        for file in domains:
            where = f"{lang}/{file.name}"
            for key, text in _read_domain(file, where).items():
                if key in home:
                    raise KpiError(f"{where}: key '{key}' is also in {home[key]}; "
                                   "a key lives in one domain file")
                home[key] = where
                texts[lang][key] = text
    return texts


@cache
def _store() -> dict[str, dict[str, str]]:
    """The package's texts, read on first use and kept."""
    return load()


def texts(lang: str) -> Mapping[str, str]:
    """Every text of one language: ``{key: text}`` (read-only)."""
    _check_language(lang)
    return _store()[lang].copy()


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise InputError(f"lang: '{lang}' is not a report language; "
                         f"valid: {', '.join(LANGUAGES)}")


def label(key: str, lang: str, **fields) -> str:
    """The text for ``key`` in ``lang``, with ``{fields}`` filled in (texts are used as
    written when no field is given)."""
    if key not in LABELS:
        raise InputError(f"key: no text '{key}' in kpi_analysis/words/locales")
    _check_language(lang)
    try:
        text = _store()[lang][key]
    except KeyError:
        raise InputError(f"key: no text '{key}' in kpi_analysis/words/locales/{lang}") from None
    return text.format(**fields) if fields else text


class _Labels(Mapping):
    """Every key of the store with its texts, one per language in :data:`LANGUAGES`
    order: ``LABELS[key] == (en, nl)``; ``key in LABELS`` asks whether a text exists."""

    def _keys(self) -> dict[str, None]:
        return dict.fromkeys(k for lang in LANGUAGES for k in _store()[lang])

    def __getitem__(self, key: str) -> tuple[str, ...]:
        store = _store()
        if not any(key in store[lang] for lang in LANGUAGES):
            raise KeyError(key)
        return tuple(store[lang].get(key) for lang in LANGUAGES)

    def __contains__(self, key) -> bool:
        return any(key in texts_ for texts_ in _store().values())

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def __repr__(self) -> str:
        return f"<{len(self)} texts in {', '.join(LANGUAGES)}>"


#: every key of the store -> its texts per language (a read-only view)
LABELS: Mapping[str, tuple[str, ...]] = _Labels()
