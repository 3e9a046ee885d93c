"""Recovery after a syntax error: the turns around a broken value are checked, at their real places."""

from __future__ import annotations

import json
from typing import Any

import pytest
from factory import edit, valid_conversation
from helpers import at, document, lint
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fplint.check.engine import Engine
from fplint.config import load_config
from fplint.model import Diagnostic
from fplint.read import parse_json
from fplint.read.loader import load_bytes
from fplint.read.positions import JsonLocator
from fplint.read.recover import recover

ENGINE = Engine.from_config(load_config(discover=False))
#: Each turn is made to fail one rule, so a checked turn shows: variations-count on every one.
TOO_MANY = {"/training_metadata/generate_variations_count": 30}


def turns(n: int = 3) -> list[dict[str, Any]]:
    return [edit(t, TOO_MANY) for t in valid_conversation(n)]


def pairs(items: list[Any], **extra: Any) -> str:
    return json.dumps({**extra, "training_pairs": items}, indent=2)


def conversations(*groups: list[Any]) -> str:
    return json.dumps({"conversations": [{"training_pairs": g} for g in groups]}, indent=2)


def unquote(text: str, token: str) -> str:
    """The text with one quoted string written bare: the error of the published convo-10 file."""
    assert text.count(f'"{token}"') == 1
    return text.replace(f'"{token}"', token)


def check(text: str, name: str = "data.json") -> list[Diagnostic]:
    return sorted(ENGINE.check_document(document(text, name)).diagnostics, key=lambda d: d.sort_key)


def fired(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None, str | None]]:
    return [(d.rule, d.line, d.turn_id) for d in diagnostics]


def plain_error(text: str) -> tuple[int, int]:
    error = parse_json.parse(text).error
    assert error is not None
    return error.line, error.column


# -- the smallest inputs, one behaviour each -------------------------------------------------------


def test_the_turns_around_a_broken_value_are_checked_where_they_are() -> None:
    good = pairs(turns())
    broken = unquote(good, "fp_marcus_901_turn2")  # the id of turn 2 written bare
    found = check(broken)
    assert at(found, "invalid-json") == [plain_error(broken)]  # exactly where the plain parser says
    # turns 1 and 3 are checked, each finding on the line it has in the file (unchanged by the break)
    first, _, third = at(check(good), "variations-count")
    assert at(found, "variations-count") == [first, third]
    assert {d.turn_id for d in found if d.rule == "variations-count"} == {"fp_marcus_901_turn1", "fp_marcus_901_turn3"}


def test_the_syntax_error_names_the_turn_left_unchecked() -> None:
    broken = unquote(pairs(turns()), "fp_marcus_901_turn2")
    (error,) = [d for d in check(broken) if d.rule == "invalid-json"]
    assert error.message.startswith("invalid JSON: Expecting value")
    assert "; the turn holding it (/training_pairs/1, lines " in error.message
    assert error.message.endswith(") was not checked, the file's 2 other turns were")


def test_a_conversations_file_recovers_too() -> None:
    first, second = turns(2), [edit(t, {"/conversation_id": "fp_marcus_902", "/id": f"fp_marcus_902_turn{i}"}) for i, t in enumerate(turns(2), 1)]
    broken = unquote(conversations(first, second), "fp_marcus_902_turn1")
    found = check(broken)
    assert at(found, "invalid-json") == [plain_error(broken)]
    assert "(/conversations/1/training_pairs/0, lines " in next(d.message for d in found if d.rule == "invalid-json")
    assert {d.turn_id for d in found if d.rule == "variations-count"} == {"fp_marcus_901_turn1", "fp_marcus_901_turn2", "fp_marcus_902_turn2"}


def test_a_jsonl_line_that_does_not_parse_leaves_the_others_checked() -> None:
    lines = [json.dumps(t) for t in turns()]
    lines[1] = lines[1].replace('"fp_marcus_901_turn2"', "fp_marcus_901_turn2", 1)
    found = check("\n".join(lines) + "\n", "data.jsonl")
    (error,) = [d for d in found if d.rule == "invalid-json"]
    assert error.line == 2 and error.message.endswith("; this line was not checked, the file's 2 other lines were")
    assert [d.line for d in found if d.rule == "variations-count"] == [1, 3]


def test_an_error_outside_the_turns_costs_no_turn() -> None:
    broken = pairs(turns(), dataset_metadata={"version": "1.0"}).replace('"1.0"', "1.0.0")
    found = check(broken)
    (error,) = [d for d in found if d.rule == "invalid-json"]
    assert (error.line, error.column) == plain_error(broken)
    assert error.message.endswith("; /dataset_metadata (lines 2–4) could not be read, the file's 3 turns were checked")
    assert len(at(found, "variations-count")) == 3


def test_a_missing_comma_between_turns_costs_no_turn() -> None:
    good = pairs(turns())
    assert good.count("    },\n    {") == 2
    broken = good.replace("    },\n    {", "    }\n    {", 1)
    found = check(broken)
    (error,) = [d for d in found if d.rule == "invalid-json"]
    assert error.message.endswith("; no turn was lost to it: the file's 3 turns were checked")
    assert at(found, "variations-count") == at(check(good), "variations-count")


def test_a_trailing_brace_costs_nothing() -> None:
    good = pairs(turns())
    found = check(good + "\n}\n")
    assert [d.rule for d in found].count("invalid-json") == 1
    assert [d for d in found if d.rule != "invalid-json"] == check(good)


def test_each_broken_turn_is_reported_where_it_breaks() -> None:
    good = pairs(turns())
    broken = unquote(unquote(good, "fp_marcus_901_turn1"), "fp_marcus_901_turn3")
    found = check(broken)
    errors = [d for d in found if d.rule == "invalid-json"]
    lines = good.splitlines()
    assert [(e.line, e.column) for e in errors] == [
        (n + 1, line.index('"fp_marcus_901_turn') + 1) for n, line in enumerate(lines) if '"id": "fp_marcus_901_turn' in line and "turn2" not in line
    ]
    assert errors[1].message.endswith("; this turn (/training_pairs/2) was not checked")
    assert {d.turn_id for d in found if d.rule == "variations-count"} == {"fp_marcus_901_turn2"}


def test_a_truncated_file_keeps_the_turns_before_the_cut() -> None:
    good = pairs(turns())
    cut = good[: good.index('"fp_marcus_901_turn3"') + 5]
    found = check(cut)
    assert [d.rule for d in found].count("invalid-json") == 1
    assert {d.turn_id for d in found if d.rule == "variations-count"} == {"fp_marcus_901_turn1", "fp_marcus_901_turn2"}
    assert "(/training_pairs/2, lines " in next(d.message for d in found if d.rule == "invalid-json")


def test_a_repeated_key_in_a_recovered_turn_is_placed_exactly() -> None:
    good = pairs(turns())
    doubled = good.replace('"system_prompt":', '"pacing": "slow",\n      "system_prompt":', 1)  # the first turn's
    doubled = doubled.replace('"tone_rationale":', '"pacing": "x",\n      "tone_rationale":', 1)
    broken = unquote(doubled, "fp_marcus_901_turn2")
    assert at(check(broken), "duplicate-key") == at(check(doubled), "duplicate-key") != []


def test_a_fix_in_a_recovered_turn_edits_the_right_bytes() -> None:
    doubled = pairs(turns()).replace('"tone_rationale":', '"pacing": "x",\n      "tone_rationale":', 1)
    broken = unquote(doubled, "fp_marcus_901_turn2")
    (found,) = [d for d in check(broken) if d.rule == "duplicate-key"]
    assert found.fix is not None
    (edit,) = found.fix.edits
    assert broken[edit.start : edit.end].startswith('"pacing": "x",')  # ASCII text: bytes are characters


def test_fix_mends_the_recovered_turns_and_leaves_the_broken_one_as_it_was(tmp_path: Any) -> None:
    from fplint.fix.loop import fix_paths

    made = turns()
    made[0]["id"] = made[2]["id"] = "fp_marcus_901_turn9"  # turn-identity: a safe fix for each
    broken = unquote(pairs(made), "fp_marcus_901_turn2")
    path = tmp_path / "data.json"
    path.write_text(broken)
    cfg = load_config(discover=False)
    outcome = fix_paths([str(path)], cfg, Engine.from_config(cfg))
    after = path.read_text()
    assert outcome.fixed["turn-identity"] == 2
    assert after == broken.replace('"fp_marcus_901_turn9"', '"fp_marcus_901_turn1"', 1).replace(
        '"fp_marcus_901_turn9"', '"fp_marcus_901_turn3"', 1
    )  # only the two ids changed: the bare word of turn 2 is still there, for its author to mend
    assert at(check(after), "invalid-json") == at(check(broken), "invalid-json")


def test_a_file_read_around_a_syntax_error_is_never_split() -> None:
    from fplint.rules.file_too_long import FileTooLong

    good = pairs(turns())
    engine = Engine([FileTooLong(**{"max-lines": good.count("\n") // 2})], {})
    (whole,) = engine.check_document(document(good)).diagnostics
    assert whole.fix is not None  # the whole file splits in two
    broken = unquote(good, "fp_marcus_901_turn2")
    (long,) = [d for d in engine.check_document(document(broken)).diagnostics if d.rule == "file-too-long"]
    assert long.fix is None  # a split would drop the turn that could not be read


def test_the_file_structure_is_not_judged_from_a_part_of_it() -> None:
    broken = unquote(pairs(turns(), notes={"x": 1}), "fp_marcus_901_turn2")  # `notes`: not a key of the layout
    rules = {d.rule for d in check(broken)}
    assert "file-schema" not in rules and "unknown-layout" not in rules


@pytest.mark.parametrize(
    "text",
    [
        '{"training_pairs": [garbage',
        '{"training_pairs": [{x} {y}]}',
        '{"training_pairs": }',
        '{"trainig_pairs": [{"id": "a"}], x}',
        "[1, 2,",
        '{"a": {"b": [1, 2}]}',
        "{" * 5000,
        '{"training_pairs": [' + "[" * 5000,
    ],
)
def test_garbage_is_one_clean_syntax_error(text: str) -> None:
    found = check(text)
    assert [d.rule for d in found] == ["invalid-json"]


def test_cross_file_rules_see_the_recovered_turns(tmp_path: Any) -> None:
    made = turns()
    (tmp_path / "a.json").write_text(unquote(pairs(made), "fp_marcus_901_turn2"))
    (tmp_path / "b.json").write_text(pairs([made[2]]))  # turn 3 again, in another file
    report = lint([tmp_path])
    (duplicate,) = [d for d in report.diagnostics if d.rule == "duplicate-turn"]
    assert duplicate.turn_id == "fp_marcus_901_turn3"


def sequence_findings(tmp_path: Any, text: str) -> list[str]:
    (tmp_path / "a.json").write_text(text)
    return [d.message for d in lint([tmp_path]).diagnostics if d.rule == "turn-sequence"]


def test_a_turn_left_unread_is_no_gap_in_its_conversation(tmp_path: Any) -> None:
    broken = unquote(pairs(turns()), "fp_marcus_901_turn2")
    assert sequence_findings(tmp_path, broken) == []


def test_an_unread_turn_whose_number_is_lost_takes_it_from_its_neighbours(tmp_path: Any) -> None:
    good = pairs(turns())
    second = good.index('"turn_number": 2')
    broken = good[:second] + '"turn_number": two' + good[second + len('"turn_number": 2') :]
    (document_,) = [load_bytes(broken.encode(), "data.json")]
    (unread,) = document_.unread_turns
    assert (unread.pointer, unread.id, unread.conversation_id, unread.turn_number) == (
        "/training_pairs/1",
        "fp_marcus_901_turn2",
        "fp_marcus_901",
        2,
    )
    assert sequence_findings(tmp_path, broken) == []


def test_a_real_gap_beside_an_unread_turn_is_still_reported(tmp_path: Any) -> None:
    made = [t for t in turns(5) if t["turn_number"] != 3]
    broken = unquote(pairs(made), "fp_marcus_901_turn2")
    assert sequence_findings(tmp_path, broken) == [
        "conversation fp_marcus_901 has turns 1, 4, 5 (besides turn 2, which could not be read): turn 3 is missing; "
        "add it, or check the whole dataset if it lives in files this run did not include"
    ]


# -- properties ------------------------------------------------------------------------------------

FUZZ = settings().max_examples > 1000
few = settings(max_examples=settings().max_examples if FUZZ else 15, suppress_health_check=[HealthCheck.too_slow])

keys = st.sampled_from(["id", "a", "b", "pacing", "x\\ud800", "é", "training_pairs", "q\"uote"])
leaves = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.lists(st.tuples(keys, children), max_size=3),
    max_leaves=12,
)
spaces = st.sampled_from(["", " ", "\n", "\n  ", "\t", "\r\n"])


@st.composite
def json_text(draw: st.DrawFn, node: Any) -> str:
    """JSON text of a node (a list of (key, value) pairs is an object, repeats allowed), spaced at random."""
    if isinstance(node, list) and node and all(isinstance(p, tuple) for p in node):
        members = [f"{draw(spaces)}{json.dumps(k)}{draw(spaces)}:{draw(spaces)}{draw(json_text(v))}" for k, v in node]
        return "{" + ",".join(members) + draw(spaces) + "}"
    if isinstance(node, list):
        return "[" + ",".join(f"{draw(spaces)}{draw(json_text(v))}" for v in node) + draw(spaces) + "]"
    return json.dumps(node).replace("\\\\ud800", "\\ud800")


@st.composite
def envelope(draw: st.DrawFn) -> str:
    """A pairs or conversations file's text, with repeated keys, NaN and odd spacing anywhere."""
    turn_keys = [("id", "t"), ("conversation_id", "c"), ("turn_number", 1)]
    items = st.lists(st.lists(st.tuples(keys, leaves), max_size=3).map(lambda m: [*turn_keys, *m]), min_size=1, max_size=3)
    if draw(st.booleans()):
        root = [("training_pairs", draw(items))]
    else:
        conversation = st.lists(st.tuples(st.sampled_from(["conversation_metadata", "x"]), leaves), max_size=2)
        root = [("conversations", [[*draw(conversation), ("training_pairs", draw(items))] for _ in range(draw(st.integers(1, 2)))])]
    extra = draw(st.lists(st.tuples(st.sampled_from(["dataset_metadata", "training_pairs", "z"]), leaves), max_size=2))
    return draw(spaces) + draw(json_text(draw(st.permutations([*root, *extra])))) + draw(spaces)


def canonical(value: Any) -> str:
    return json.dumps(value)  # NaN written as NaN: equal texts, where NaN != NaN


def pointers(value: Any, base: str = "") -> list[str]:
    found = [base]
    if isinstance(value, dict):
        for k, v in value.items():
            found += pointers(v, base + "/" + k.replace("~", "~0").replace("/", "~1"))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += pointers(v, f"{base}/{i}")
    return found


@few
@given(envelope())
def test_on_valid_json_recovery_reads_exactly_what_the_plain_parser_reads(text: str) -> None:
    plain = parse_json.parse(text)
    assume(plain.error is None)
    recovered = recover(text)
    assume(recovered is not None)  # a file with no turn read is left to the plain parser
    assert canonical(recovered.value) == canonical(plain.value)
    assert recovered.unread == []
    assert recovered.parsed.duplicates == plain.duplicates
    assert recovered.parsed.non_finite == plain.non_finite
    assert recovered.parsed.lone_surrogates == plain.lone_surrogates
    assert recovered.parsed.lone_surrogate_keys == plain.lone_surrogate_keys
    locator = JsonLocator(text)
    for pointer in pointers(plain.value):
        assert recovered.locate(pointer, None) == locator.offset(pointer), pointer


@settings(max_examples=settings().max_examples if FUZZ else 10, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.integers(1, 3), st.sampled_from(["json", "jsonl"]), st.booleans(), st.data())
def test_on_valid_json_the_recovering_path_gives_the_plain_findings(n: int, kind: str, layout: bool, data: st.DataObject) -> None:
    made = [edit(t, TOO_MANY) if data.draw(st.booleans()) else t for t in valid_conversation(n)]
    if kind == "jsonl":
        text, junk = "\n".join(json.dumps(t) for t in made) + "\n", "{not json\n"
    else:
        text, junk = (pairs(made) if layout else conversations(made)), "\n}\n"
    plain = check(text, f"data.{kind}")
    recovered = check(text + junk, f"data.{kind}")  # a stray tail: the recovering path reads the rest
    assert [d.rule for d in recovered].count("invalid-json") == 1
    assert [d for d in recovered if d.rule != "invalid-json"] == plain


@few
@given(st.integers(2, 4), st.booleans(), st.sampled_from(["@", '"', "x1", "}", "]", "{", "["]), st.data())
def test_one_damaged_spot_costs_at_most_the_turn_that_holds_it(n: int, layout: bool, damage: str, data: st.DataObject) -> None:
    made = valid_conversation(n)
    good = pairs(made) if layout else conversations(made)
    where = data.draw(st.integers(0, len(good)))
    broken = good[:where] + damage + good[where:]
    assume(parse_json.parse(broken).error is not None)
    doc = load_bytes(broken.encode(), "data.json")
    assert (doc.errors[0].line, doc.errors[0].column) == plain_error(broken)  # where it is, as without recovery
    base = "/training_pairs" if layout else "/conversations/0/training_pairs"
    locator = JsonLocator(good)
    starts = [locator.offset(f"{base}/{i}") for i in range(n)]
    spans = [(start, json.JSONDecoder().raw_decode(good, start)[1]) for start in starts]
    holding = [i for i, (start, end) in enumerate(spans) if start < where < end]
    read = {t.pointer: t.value for t in doc.turns}
    assert all(read[p] == made[int(p.rsplit("/", 1)[1])] for p in read)  # a turn read is read whole, in its place
    assert doc.turns or len(doc.errors) == 1  # nothing read: one clean error, as before
    if damage in ("@", '"', "x1") and holding:
        # a stray character inside a turn costs that turn only
        assert set(read) == {f"{base}/{i}" for i in range(n)} - {f"{base}/{holding[0]}"}


@settings(max_examples=settings().max_examples if FUZZ else 200)
@given(st.binary(max_size=3000))
def test_any_bytes_end_in_a_clean_result(data: bytes) -> None:
    doc = load_bytes(data, "data.json")
    assert doc.turns or len(doc.errors) <= 1 or data.startswith(b"\xef\xbb\xbf")
    found = ENGINE.check_document(doc).diagnostics
    assert not [d for d in found if d.rule == "internal-error"]
    assert all(d.line is not None and 1 <= d.line <= data.count(b"\n") + 1 for d in found)


def test_an_unread_turn_takes_no_conversation_from_a_neighbour_whose_id_is_not_text() -> None:
    made = turns(2)
    made[0]["conversation_id"] = 42
    del made[1]["conversation_id"]
    broken = unquote(pairs(made), "fp_marcus_901_turn2")
    (unread,) = load_bytes(broken.encode(), "data.json").unread_turns
    assert unread.conversation_id is None
    assert "internal-error" not in {d.rule for d in ENGINE.check_document(document(broken)).diagnostics}
