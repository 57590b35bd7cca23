"""The countries and subdivisions a calendar can be on, with names a person recognises.

Codes are what Nudge stores and checks (`rules.calendar.check_place`); a
picker needs names too ("GB United Kingdom", "SCT Scotland"). Both come from
the `holidays` package, the same source as the public holidays themselves, so
a place that can be picked always has a calendar. The package is imported on
first use only: the command line never needs names.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SMALL_WORDS = frozenset({"and", "of", "the", "da", "de", "del"})


def _spaced(class_name: str) -> str:
    """ "BosniaAndHerzegovina" -> "Bosnia and Herzegovina"."""
    words = re.findall(r"[A-Z][a-z]*|[a-z]+|\d+", class_name) or [class_name]
    return " ".join(w.lower() if i and w.lower() in _SMALL_WORDS else w for i, w in enumerate(words))


@lru_cache(maxsize=1)
def _registry() -> dict[str, str]:
    """Country code -> the package's class name for it."""
    try:
        from holidays.registry import COUNTRIES
    except ImportError:  # an older or newer package layout: codes alone still work
        return {}
    return {entry[1]: entry[0] for entry in COUNTRIES.values() if len(entry) > 1}


@lru_cache(maxsize=1)
def countries() -> tuple[tuple[str, str], ...]:
    """Every supported country as (code, name), by name."""
    import holidays

    codes = holidays.list_supported_countries(include_aliases=False)
    return tuple(sorted(((code, country_name(code)) for code in codes), key=lambda pair: pair[1].casefold()))


def country_name(code: str) -> str:
    """ "United Kingdom" for "GB"; the code itself when the package does not name it."""
    class_name = _registry().get(code)
    return _spaced(class_name) if class_name else code


@lru_cache(maxsize=64)
def subdivisions(code: str) -> tuple[tuple[str, str], ...]:
    """A country's subdivisions as (code, name) in the package's order; () for none or an unknown country."""
    import holidays

    supported = holidays.list_supported_countries(include_aliases=False)
    if code not in supported:
        return ()
    names: dict[str, str] = {}
    class_name = _registry().get(code)
    country_class = getattr(holidays, class_name, None) if class_name else None
    aliases = getattr(country_class, "subdivisions_aliases", None) or {}
    for name, sub in aliases.items():
        names.setdefault(sub, name)
    return tuple((sub, names.get(sub, sub)) for sub in supported[code])


def place_label(country: str | None, subdivision: str | None) -> str:
    """ "GB United Kingdom · SCT Scotland", or "" without a country."""
    if not country:
        return ""
    label = f"{country} {country_name(country)}" if country_name(country) != country else country
    if subdivision:
        sub_name = dict(subdivisions(country)).get(subdivision, subdivision)
        label += f" · {subdivision}" + (f" {sub_name}" if sub_name != subdivision else "")
    return label
