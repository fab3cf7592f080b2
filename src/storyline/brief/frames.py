"""The fixed words the briefing puts around extracted text, read from a data file.

A briefing sentence is ``frame + content``: the content is text taken verbatim
from an article (and checked against its citations by :mod:`.support`); the
frame ("Single source (X): ") is a template from
``resources/brief_frames_en.txt`` whose slots are filled from Storyline's own
records (counts, names, dates). Keeping the frames in one documented file is
what lets the support check leave them out, and only them: :func:`split` finds
the frame of a rendered sentence again, so an exported briefing can be
rechecked without knowing how it was built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

FRAMES_FILE = "brief_frames_en.txt"
_SLOT = re.compile(r"\{(\w+)\}")
_SPACE = re.compile(r"\s+")
SLOT_LIMIT = 80  # characters of one slot value
# What a slot may hold when a rendered sentence is matched back to its frame: the
# tighter, the less text a frame can ever hide from the support check.
_DATE = r"\d{4}(?:-\d{2}){0,2}"
SLOT_PATTERNS = {
    "count": r"\d+",
    "date": rf"(?:{_DATE}(?: to {_DATE})?|undated)",
    "stance": r"[\w-]+",
}
_NAME = rf"[^:]{{1,{SLOT_LIMIT}}}?"  # names and lists of names: never a colon


@dataclass(frozen=True, slots=True)
class Frame:
    section: str
    name: str
    template: str
    pattern: re.Pattern[str]


def _compile(template: str) -> re.Pattern[str]:
    """A regex matching a rendered template; slots never hold a colon, content is the rest."""
    parts = _SLOT.split(template)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(re.escape(part))
        elif part == "content":
            out.append(r"(?P<content>.+)")
        else:
            out.append(SLOT_PATTERNS.get(part, _NAME))
    return re.compile("^" + "".join(out) + "$", re.S)


@lru_cache(maxsize=1)
def frames() -> dict[str, Frame]:
    """All frames by name, in file order."""
    text = resources.files("storyline.resources").joinpath(FRAMES_FILE).read_text(encoding="utf-8")
    out: dict[str, Frame] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        section, name, template = line.split("\t")
        if not template.endswith(": {content}"):
            raise ValueError(f"{FRAMES_FILE}: frame {name!r} must end with ': {{content}}'")
        out[name] = Frame(section, name, template, _compile(template))
    return out


def slot_value(value: object, limit: int = SLOT_LIMIT) -> str:
    """A slot filler: one line, no colon (so the frame stays findable), at most ``limit`` characters."""
    text = _SPACE.sub(" ", str(value).replace(":", " ")).strip(" ,;.")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render(name: str, content: str, **slots: object) -> str:
    """The sentence for frame ``name`` around ``content``."""
    frame = frames()[name]
    values = {k: slot_value(v) for k, v in slots.items()}
    values["content"] = content
    return _SLOT.sub(lambda m: values[m.group(1)], frame.template)


def split(text: str, section: str | None = None) -> tuple[str | None, str]:
    """``(frame name, content)`` of a rendered sentence; ``(None, text)`` when no frame fits.

    With ``section`` only that section's frames are tried. Longer templates are
    tried first so the most specific frame wins.
    """
    candidates = [f for f in frames().values() if section is None or f.section == section]
    candidates.sort(key=lambda f: (-len(f.template), f.name))
    for f in candidates:
        m = f.pattern.match(text)
        if m:
            return f.name, m.group("content")
    return None, text
