"""quality-distribution: the dataset's quality scores follow the standard's distribution."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from fplint.model import Finding, Turn, TurnRef
from fplint.rule import Collected, Dataset, DatasetRule, Option, plural
from fplint.rules._util import dig, is_int


class QualityDistribution(DatasetRule):
    """Quality scores across the dataset: 60–70% 5s, 20–30% 4s, about 10% 3s, none below 3.

    Judged once the dataset has ``min-turns`` scored turns (the standard: 20); below that,
    the run says it skipped the check. Each distinct turn counts once: a turn id seen in
    several files (a copy) counts at its first sighting. The message shows the actual shares. Reported at
    the first scored turn of the run.

    Why: when every turn is a 5, the score carries no information, and a model (or a
    filter) trained to prefer high-quality examples cannot tell the exemplary from the
    adequate. The standard asks for an honest spread.

    Fails::

        20 turns, every one "quality_score": 5   (100% 5s)

    Passes::

        20 turns: 13 scored 5, 5 scored 4, 2 scored 3   (65% / 25% / 10%)
    """

    name = "quality-distribution"
    code = "FP801"
    options = {
        "min-turns": Option(int, 20, "fewest scored turns before the distribution is judged", minimum=1),
        "fives-min": Option(float, 60, "least share of 5s, in percent", minimum=0),
        "fives-max": Option(float, 70, "largest share of 5s, in percent", minimum=0),
        "fours-min": Option(float, 20, "least share of 4s, in percent", minimum=0),
        "fours-max": Option(float, 30, "largest share of 4s, in percent", minimum=0),
        "threes-min": Option(float, 5, "least share of 3s, in percent ('about 10%')", minimum=0),
        "threes-max": Option(float, 15, "largest share of 3s, in percent ('about 10%')", minimum=0),
    }

    def collect(self, turn: Turn) -> int | None:
        score = dig(turn.value, "training_metadata", "quality_score")
        return score if is_int(score) else None

    def partial(self, turns: Sequence[Collected]) -> _State:
        by_id: dict[str, int] = {}
        anonymous: dict[int, int] = {}
        for turn in turns:
            if turn.data is None:
                continue
            if turn.ref.turn_id is not None:
                by_id.setdefault(turn.ref.turn_id, turn.data)  # a copy of a turn counts once
            else:
                anonymous[turn.data] = anonymous.get(turn.data, 0) + 1
        first = next((t.ref for t in turns if t.data is not None), None)
        return by_id, anonymous, first

    def merge(self, earlier: _State, later: _State) -> _State:
        by_id, anonymous, first = earlier  # folded into in place: a copy per merge would be quadratic
        for turn_id, score in later[0].items():
            by_id.setdefault(turn_id, score)
        for score, n in later[1].items():
            anonymous[score] = anonymous.get(score, 0) + n
        return by_id, anonymous, first or later[2]

    def finish(self, state: _State, dataset: Dataset) -> Iterator[Finding]:
        by_id, counts, first = state
        counts = dict(counts)
        for score in by_id.values():
            counts[score] = counts.get(score, 0) + 1
        total = sum(counts.values())
        if total < self.opts["min-turns"] or first is None:
            dataset.notes.append(
                f"{self.name}: skipped, {plural(total, 'scored turn')}; the distribution is judged "
                f"from {self.opts['min-turns']} on"
            )
            return
        share = {s: 100 * counts.get(s, 0) / total for s in (5, 4, 3)}
        below = sum(n for score, n in counts.items() if score < 3)
        bands = {5: ("fives", "5s"), 4: ("fours", "4s"), 3: ("threes", "3s")}
        off = [
            label
            for score, (key, label) in bands.items()
            if not self.opts[f"{key}-min"] <= share[score] <= self.opts[f"{key}-max"]
        ]
        if not off and not below:
            return
        shown = ", ".join(f"{share[s]:.0f}% {bands[s][1]}" for s in (5, 4, 3))
        wanted = ", ".join(
            f"{self.opts[key + '-min']:g}–{self.opts[key + '-max']:g}% {label}"
            for key, label in bands.values()
        )
        below_text = f", {below} below 3" if below else ""
        advice = (
            "the scores look inflated: re-review the turns honestly"
            if share[5] > self.opts["fives-max"]
            else "re-review the scores against the standard"
        )
        yield Finding(
            "/training_metadata/quality_score",
            f"quality scores across {plural(total, 'turn')}: {shown}{below_text}; the standard asks for "
            f"{wanted}, none below 3: {advice}",
            ref=first,
        )


#: Each scored turn's score by id (a turn copied into several files counts once), how many
#: turns without an id have each score, and the first scored turn (where a finding goes).
_State = tuple[dict[str, int], dict[int, int], "TurnRef | None"]
