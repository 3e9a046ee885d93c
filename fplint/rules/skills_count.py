"""skills-count: a turn demonstrates 4–6 skills."""

from __future__ import annotations

from collections.abc import Iterator

from fplint.model import Finding, Turn
from fplint.rule import Option, TurnRule, count_range, plural
from fplint.rules._util import dig


class SkillsCount(TurnRule):
    """``training_metadata.demonstrates_skills`` lists ``min``–``max`` skills (the standard: 4–6).

    Why: the skill list is how turns are found and balanced across the dataset. Three is
    too coarse to tell turns apart; eight dilutes the tag until every turn has every skill.

    Fails::

        "demonstrates_skills": ["validation", "reframing", "chunking", "pacing",
                                "permission", "celebration", "quantifying"]

    Passes::

        "demonstrates_skills": ["validation", "reframing", "chunking", "permission"]
    """

    name = "skills-count"
    code = "FP601"
    options = {
        "min": Option(int, 4, "fewest skills", minimum=0),
        "max": Option(int, 6, "most skills", minimum=0),
    }

    def check(self, turn: Turn) -> Iterator[Finding]:
        skills = dig(turn.value, "training_metadata", "demonstrates_skills")
        lo, hi = self.opts["min"], self.opts["max"]
        if isinstance(skills, list) and not lo <= len(skills) <= hi:
            yield Finding(
                "/training_metadata/demonstrates_skills",
                f"{plural(len(skills), 'skill')} listed; the standard asks for {count_range(lo, hi)}: "
                + (
                    "name the skills the response shows"
                    if len(skills) < lo
                    else "keep the ones the response shows best"
                ),
            )
