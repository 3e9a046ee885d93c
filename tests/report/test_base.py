"""What every reporter shares (fplint.report.base): text made safe to print and to publish."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fplint.report.base import _JSON_UNSAFE, _UNSAFE, _visible, json_safe, printable

#: ASCII (every control, DEL), the C1 controls, the line and bidi marks, and ordinary letters.
TEXTS = st.text(st.sampled_from([*map(chr, range(128)), "\x85", "\x9b", "é", "\u2028", "\u202e", "\u2067", "’"]))


@given(TEXTS)
def test_printable_shows_what_the_full_scan_shows(text: str) -> None:
    assert printable(text) == _UNSAFE.sub(_visible, text)


@given(TEXTS)
def test_json_safe_escapes_what_the_full_scan_escapes(text: str) -> None:
    assert json_safe(text) == _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def test_an_ascii_escape_and_del_are_shown_in_ascii_text() -> None:
    assert printable("a\x1b[31mb\x7f") == "a\\x1b[31mb\\x7f"
    assert json_safe('{"m": "a\x7f"}') == '{"m": "a\\u007f"}'
