"""Shared internals of the training modules: the language and the wording of numbers
and lists (the texts themselves are in the words store, keys ``training.*``)."""
from __future__ import annotations

from ..errors import InputError
from ..words import text
from ..words.store import label


def check_lang(lang: str) -> str:
    if lang not in text.LANGUAGES:
        raise InputError(f"lang: '{lang}' is not a language; valid: {', '.join(text.LANGUAGES)}")
    return lang


def num(x: float, lang: str) -> str:
    return text.fmt_value(x, lang)


def pct(x: float, lang: str) -> str:
    return text.fmt_pct(x, lang, 0 if abs(x) >= 10 else 1)


def money(x: float, lang: str, currency: str = "EUR") -> str:
    return f"{currency} {text.fmt_number(x, lang, 0)}"


def join_words(items: list[str], lang: str, word: str = "and") -> str:
    """'a, b and c' ('en' in Dutch); with ``word="or"``: 'a, b or c' ('of')."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + label(f"training.word.{word}", lang) + items[-1]

