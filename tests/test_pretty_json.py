"""app.exports.pretty_json writes the bytes `json.dumps(indent=2, ensure_ascii=False)` writes."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.exports.pretty_json import dumps

_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", "a\nb", '"q"', "\\", "\x00\x1b\x7f", "\u2028", "é ✓ 日本", "{[,:]}"]
)
_SCALAR = st.none() | st.booleans() | st.integers() | _TEXT
_DOCUMENT = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=30,
)


class Word(StrEnum):
    ONSITE = "onsite"


@settings(max_examples=400)
@given(_DOCUMENT)
def test_same_bytes_as_the_standard_library(document: Any) -> None:
    assert dumps(document) == json.dumps(document, indent=2, ensure_ascii=False)


def test_words_tuples_and_what_it_leaves_to_the_standard_library() -> None:
    document: Any = {"kind": Word.ONSITE, "with": ("Rita", "Sam"), "empty": {}, "none": [], "n": -3}
    assert dumps(document) == json.dumps(document, indent=2, ensure_ascii=False)
    for other in ({"score": 1.5}, {1: "a"}, [float("nan")]):
        assert dumps(other) == json.dumps(other, indent=2, ensure_ascii=False)
