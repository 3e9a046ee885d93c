from __future__ import annotations

import pytest
from factory import edit, valid_turn
from helpers import messages

from fplint.rules.skills_count import SkillsCount


@pytest.mark.parametrize(
    "skills, options, expected",
    [
        (["a", "b", "c", "d"], {}, []),
        (["a", "b", "c"], {}, ["3 skills listed; the standard asks for 4–6: name the skills the response shows"]),
        (list("abcdefg"), {}, ["7 skills listed; the standard asks for 4–6: keep the ones the response shows best"]),
        (list("abcdefg"), {"max": 8}, []),
        ("many", {}, []),
    ],
)
def test_skills_count(skills: object, options: dict, expected: list[str]) -> None:
    assert messages(SkillsCount, edit(valid_turn(), {"/training_metadata/demonstrates_skills": skills}), **options) == expected
