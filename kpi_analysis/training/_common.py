"""Shared internals of the training modules: the language and the wording of
messages and numbers."""
from __future__ import annotations

from ..errors import InputError
from ..words import text
from ..method.findings import TERMS
from .messages import MESSAGES


def check_lang(lang: str) -> str:
    if lang not in text.LANGUAGES:
        raise InputError(f"lang: '{lang}' is not a language; valid: {', '.join(text.LANGUAGES)}")
    return lang


def say(key: str, lang: str, **fields) -> str:
    """The message ``key`` in ``lang`` with ``{fields}`` filled in."""
    return MESSAGES[key][text.LANGUAGES.index(check_lang(lang))].format(**fields)


def term(key: str, lang: str) -> str:
    """A word of the method engine's vocabulary (level, category...) in ``lang``."""
    pair = TERMS.get(key)
    return pair[text.LANGUAGES.index(lang)] if pair else key


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
    joiner = {("and", "en"): " and ", ("and", "nl"): " en ", ("or", "en"): " or ",
              ("or", "nl"): " of "}[(word, lang)]
    return ", ".join(items[:-1]) + joiner + items[-1]

