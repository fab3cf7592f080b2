"""A small invented news corpus written to disk in several formats (text, JSONL, RSS, HTML).

Used by the crash-safety test and the load bench: big enough that ``analyze``
spends seconds in ingest and in the stages, so a kill lands in both. Every
outlet, person and place is made up.
"""

from __future__ import annotations

import json
from pathlib import Path

EVENTS = (
    (
        "ferry",
        "Ferry crews at Port Alder walk out over rosters",
        "Ferry crews at Port Alder stopped work on {day}, leaving {n} hundred passengers waiting on the quay.",
        '"We cannot run safe crossings on these rosters," said crew spokesman Tomas Veyl.',
        "The operator said talks would resume on Thursday and extra buses would run to the mainland.",
    ),
    (
        "bridge",
        "Old Kessen bridge closed after cracks found",
        "Engineers closed the old Kessen bridge on {day} after inspectors found {n} new cracks in its main arch.",
        '"Nobody crosses until we know the arch will hold," said city engineer Ada Marrow.',
        "Drivers face a detour of twelve kilometres through the valley road for at least a month.",
    ),
    (
        "library",
        "Brenna opens library in former grain mill",
        "The town of Brenna opened its new library in the former grain mill on {day}, with {n} thousand books.",
        '"This building fed the town once and now it will feed minds," said mayor Lise Orban.',
        "The conversion cost four million crowns, a third of it raised by residents.",
    ),
    (
        "festival",
        "Lantern festival draws record crowd to Orsk harbour",
        "A record crowd filled Orsk harbour on {day} for the lantern festival, organisers counted {n} thousand.",
        '"We ran out of lanterns before sunset," said organiser Pia Dunmore.',
        "Police reported no serious incidents and the harbour road reopened before midnight.",
    ),
)
OUTLETS = (
    "Alder Gazette",
    "Valley Courier",
    "Coastline Daily",
    "Northern Ledger",
    "Brenna Post",
    "Orsk Herald",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def _article(event: int, outlet: int) -> tuple[str, str]:
    key, title, lead, quote, tail = EVENTS[event]
    day = DAYS[(event + outlet) % len(DAYS)]
    body = "\n".join(
        [
            lead.format(day=day, n=outlet + 2),
            quote,
            f"{OUTLETS[outlet]} reported that {tail[0].lower()}{tail[1:]}" if outlet % 2 else tail,
        ]
    )
    return f"{title} ({OUTLETS[outlet].split()[0]} edition)" if outlet % 3 == 2 else title, body


def write_corpus(folder: Path) -> list[str]:
    """Write the corpus under ``folder``; returns the titles a reader should find (one per article)."""
    folder.mkdir(parents=True, exist_ok=True)
    titles: list[str] = []
    records = []
    items = []
    for e in range(len(EVENTS)):
        for o in range(len(OUTLETS)):
            title, body = _article(e, o)
            slug = f"{EVENTS[e][0]}-{o}"
            url = f"https://{OUTLETS[o].lower().replace(' ', '')}.example/{slug}"
            date = f"2026-04-{10 + e:02d}"
            if o < 3:  # plain text with a metadata line
                (folder / f"{slug}.txt").write_text(f"date {date} {url}\n{title}\n{body}\n", encoding="utf-8")
            elif o == 3:
                records.append(
                    {
                        "id": slug,
                        "url": url,
                        "outlet": OUTLETS[o],
                        "title": title,
                        "published": date,
                        "language": "en",
                        "text": body,
                    }
                )
            elif o == 4:
                items.append((title, url, body))
            else:
                paras = "".join(f"<p>{p}</p>" for p in body.split("\n"))
                (folder / f"{slug}.html").write_text(
                    f"<html><head><title>{title}</title><meta property='og:site_name' content='{OUTLETS[o]}'>"
                    f"<link rel='canonical' href='{url}'></head><body><article>{paras}</article></body></html>",
                    encoding="utf-8",
                )
            titles.append(title)
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    entries = "".join(
        f"<item><title>{t}</title><link>{u}</link><description>{b}</description>"
        f"<pubDate>Sat, 11 Apr 2026 09:00:00 GMT</pubDate></item>"
        for t, u, b in items
    )
    (folder / "brenna-post.xml").write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>{OUTLETS[4]}</title>{entries}</channel></rss>",
        encoding="utf-8",
    )
    return titles
