"""Plain text for matching: words normalised and patterns of whole words.

The KPI catalogue matches a plan's KPIs by keyword, the plan checks read goals and
KPI names, and the training exercises read learners' sentences: all of them compare
text through :func:`norm` and :func:`word_pattern`, so a word matches the same way
everywhere.
"""
from __future__ import annotations

import re
import unicodedata


def norm(value: str) -> str:
    """Lower case, accents and apostrophes removed, every other sign a single space."""
    plain = unicodedata.normalize("NFKD", str(value))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = plain.replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9*%]+", " ", plain).split())


def word_pattern(words) -> re.Pattern:
    """One regex matching any of ``words`` as whole words; ``*`` matches any letters."""
    parts = [r"\w*".join(re.escape(p) for p in norm(w).split("*")) for w in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")
