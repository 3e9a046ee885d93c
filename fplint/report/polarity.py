"""Whether an emotion label is positive or negative, for the edge-case collection of ``fplint stats``.

Labels are free-form (``cautious_hope``, ``fear_of_mistake``, ``residual_anxiety``): a label
takes the polarity of the last of its words this lexicon knows, so a qualifier does not
flip it (``mild_anxiety`` is negative, ``cautious_optimism`` positive). Labels with no known
word are unclassified, and ``fplint stats`` lists them rather than guessing.
"""

from __future__ import annotations

import re

POSITIVE = "positive"
NEGATIVE = "negative"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_POSITIVE = _words(
    """
    hope hopeful hopefulness optimism optimistic relief relieved gratitude grateful thankful
    confidence confident empowerment empowered determination determined motivation motivated
    readiness ready eagerness eager excitement excited enthusiasm enthusiastic curiosity curious
    clarity calm calmness pride proud joy happy happiness trust trusting satisfaction satisfied
    acceptance permission peace contentment resolve resilience encouragement encouraged
    empowering interest interested comfort comforted safety secure security validation
    appreciation accomplishment achievement belief openness engagement engaged agency
    """
)
_NEGATIVE = _words(
    """
    anxiety anxious fear afraid scared fearful worry worried concern concerned shame ashamed
    guilt guilty embarrassment embarrassed overwhelm overwhelmed confusion confused frustration
    frustrated anger angry regret sadness sad grief despair hopelessness helplessness helpless
    inadequacy inadequate insecurity insecure doubt doubtful uncertainty uncertain disbelief
    skepticism skeptical distrust mistrust panic dread stress stressed pressure vulnerability
    vulnerable defensiveness defensive resentment loneliness isolation paralysis avoidance
    disappointment disappointed exhaustion tension nervousness nervous apprehension hesitation
    hesitancy blame denial urgency impatience irritation jealousy envy
    humiliation powerlessness discouragement
    """
)
_WORDS = re.compile(r"[a-z]+")


def polarity(label: str) -> str | None:
    """``positive``, ``negative``, or ``None`` when no word of the label is known."""
    found = None
    for word in _WORDS.findall(label.lower()):
        if word in _POSITIVE:
            found = POSITIVE
        elif word in _NEGATIVE:
            found = NEGATIVE
    return found
