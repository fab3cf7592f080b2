"""Stage ``brief``: neutral, extractive, cited briefings per story and per storyline.

Modules: ``sentences`` (source sentences around offsets), ``select`` (grouping
sentences that say the same thing; source counts), ``frames`` (the documented
words put around extracted text), ``sections`` (one builder per section),
``support`` (the check every shown sentence passes), ``compose`` (the gate and
the storyline roll-up), ``stage`` (``run``). See docs/architecture.md, "Briefing".
"""

from __future__ import annotations

from storyline.brief.stage import run
from storyline.brief.support import check

__all__ = ["check", "run"]
