"""The outlet registry: who published an article, and which outlets share a publisher.

Provenance and independent-source counts need one name per outlet ("CNN",
"CNN.com", "cnn.com" and "edition.cnn.com" are one source) and one family per
publisher (NBC News, MSNBC and CNBC are not independent of each other). The
facts live in ``resources/outlets.csv``; a user CSV with the same columns is
merged over it (its rows win). Every lookup is a dict hit, or one per domain
label, so resolving millions of articles stays cheap.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from tld import get_fld

from storyline.errors import ConfigError

KINDS = ("wire", "public", "state", "commercial", "aggregator", "unknown")
COLUMNS = ("name", "domains", "country", "kind", "family", "aliases")

_QUALIFIER = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*")
_GENERIC_WORDS = frozenset({"news", "online", "digital", "magazine", "newspaper", "tv", "website", "com", "web"})
_TLD_TAIL = re.compile(r"\.(?:com|org|net|co\.uk|co|news|media|io|info|tv)$", re.I)
_DOMAIN_LIKE = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
_DOMAIN_IN_TEXT = re.compile(r"(?<![\w.@/-])((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})(?![\w/-])")
_SENTENCE_END = set(".!?:;\"“”«»\n")


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet: its display name, web domains, ISO country, kind and publisher family."""

    name: str
    domains: tuple[str, ...] = ()
    country: str | None = None
    kind: str = "unknown"
    family: str = ""
    aliases: tuple[str, ...] = ()


def name_key(name: str) -> str:
    """The form two spellings of one outlet name share (case, punctuation, "The", "&")."""
    s = unicodedata.normalize("NFKC", name).casefold().strip()
    s = s.replace("&", " and ")
    s = re.sub(r"[^\w]+", " ", s).strip()
    s = re.sub(r"^the\s+", "", s)
    return s


def host_of(url_or_domain: str) -> str:
    """Lower-case host of a URL or bare domain, without ``www.``, port or trailing dot."""
    s = url_or_domain.strip()
    if "//" not in s:
        s = "//" + s
    try:
        host = urlsplit(s).hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def registrable_domain(url_or_domain: str | None) -> str | None:
    """``edition.cnn.com`` → ``cnn.com``, ``news.bbc.co.uk`` → ``bbc.co.uk`` (public-suffix aware)."""
    if not url_or_domain:
        return None
    host = host_of(url_or_domain)
    if not host or "." not in host:
        return None
    fld = get_fld(host, fix_protocol=True, fail_silently=True)
    return fld or host


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


def _read_csv(text: str, origin: str) -> list[Outlet]:
    rows = csv.DictReader(text.splitlines())
    missing = [c for c in ("name", "domains") if c not in (rows.fieldnames or [])]
    if missing:
        raise ConfigError(f"{origin}: outlet registry lacks column(s) {missing}; expected {','.join(COLUMNS)}")
    out: list[Outlet] = []
    for line, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise ConfigError(f"{origin}:{line}: outlet row without a name")
        kind = (row.get("kind") or "unknown").strip().lower() or "unknown"
        if kind not in KINDS:
            raise ConfigError(f"{origin}:{line}: kind {kind!r} of {name!r} is not one of {', '.join(KINDS)}")
        domains = tuple(h for h in (host_of(d) for d in _split(row.get("domains"))) if h)
        out.append(Outlet(
            name=name,
            domains=domains,
            country=(row.get("country") or "").strip().upper() or None,
            kind=kind,
            family=(row.get("family") or "").strip() or name,
            aliases=_split(row.get("aliases")),
        ))
    return out


def _after_name(text: str, start: int) -> bool:
    """Whether the word before ``start`` (same line, one space) is a capitalised word other than "The"."""
    m = re.search(r"(\w+)[ \t]$", text[max(0, start - 40):start])
    if m is None:
        return False
    word = m.group(1)
    return word[0].isupper() and word not in ("The", "THE") and not word.isupper()


class OutletRegistry:
    """Name, domain and in-text lookups over a list of outlets."""

    def __init__(
        self, outlets: list[Outlet], ambiguous: frozenset[str] = frozenset(), never: frozenset[str] = frozenset()
    ) -> None:
        self.outlets = tuple(outlets)
        self._ambiguous = ambiguous
        self._never = never
        self._by_key: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        for o in self.outlets:  # names beat aliases; earlier rows (user rows) beat later ones
            self._by_key.setdefault(name_key(o.name), o)
        for o in self.outlets:
            for alias in o.aliases:
                self._by_key.setdefault(name_key(alias), o)
        self._by_squashed: dict[str, Outlet] = {}
        for key, o in self._by_key.items():
            self._by_squashed.setdefault(key.replace(" ", ""), o)
            for d in o.domains:
                self._by_domain.setdefault(d, o)
        self._surfaces: dict[str, list[tuple[str, Outlet]]] = {}
        for o in self.outlets:
            for surface in self._surface_forms(o):
                first = re.match(r"\w+", surface)
                if first:
                    self._surfaces.setdefault(first.group(0), []).append((surface, o))
        for cands in self._surfaces.values():
            cands.sort(key=lambda t: -len(t[0]))

    @classmethod
    def load(cls, extra_csv: str | None = None) -> OutletRegistry:
        """The bundled registry, with the rows of ``extra_csv`` (a user CSV) taking precedence."""
        pkg = resources.files("storyline.resources")
        bundled = _read_csv(pkg.joinpath("outlets.csv").read_text(encoding="utf-8"), "resources/outlets.csv")
        words = [
            line.strip() for line in pkg.joinpath("outlet_ambiguous.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        ambiguous = frozenset(w for w in words if not w.startswith("!"))
        never = frozenset(w[1:] for w in words if w.startswith("!"))
        user: list[Outlet] = []
        if extra_csv:
            path = Path(extra_csv)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise ConfigError(f"{extra_csv}: outlet registry cannot be read ({exc.strerror or exc})") from exc
            user = _read_csv(text, extra_csv)
        overridden = {name_key(o.name) for o in user}
        merged = user + [o for o in bundled if name_key(o.name) not in overridden]
        return cls(merged, ambiguous, never)

    # ------------------------------------------------------------ lookups

    def by_domain(self, url_or_domain: str | None) -> Outlet | None:
        """The outlet owning a URL's host or any parent domain of it (``edition.cnn.com`` → CNN)."""
        if not url_or_domain:
            return None
        host = host_of(url_or_domain)
        labels = host.split(".")
        for i in range(len(labels) - 1):
            hit = self._by_domain.get(".".join(labels[i:]))
            if hit is not None:
                return hit
        return None

    def by_name(self, name: str | None) -> Outlet | None:
        """The outlet a written name means: "CNN", "CNN.com", "The Hill", "Reuters (Online News)"."""
        if not name or not name.strip():
            return None
        key = name_key(name)
        hit = self._by_key.get(key)
        if hit is not None:
            return hit
        bare = name.strip()
        if _DOMAIN_LIKE.match(bare):
            hit = self.by_domain(bare)
            if hit is not None:
                return hit
        for variant in (_QUALIFIER.sub(" ", bare), _TLD_TAIL.sub("", bare)):
            hit = self._by_key.get(name_key(variant))
            if hit is not None:
                return hit
        key = name_key(_QUALIFIER.sub(" ", bare))
        hit = self._by_squashed.get(key.replace(" ", ""))  # "huff-post", "Wash Post"
        if hit is not None:
            return hit
        words = key.split()
        while len(words) > 1 and words[-1] in _GENERIC_WORDS:  # "Fox News Online" → "Fox News"
            words.pop()
            hit = self._by_key.get(" ".join(words))
            if hit is not None:
                return hit
        return self._by_desk(bare, key.split())

    def _by_desk(self, bare: str, words: list[str]) -> Outlet | None:
        """A desk or edition written after an outlet's name: "CNN Business", "AP Politics & Fact Check".

        The longest known prefix wins; a one-word prefix must be an acronym as
        written ("AP", "CNN"), so "Sun Herald" does not become The Sun.
        """
        first = re.sub(r"^the\s+", "", bare.strip(), flags=re.I).split()
        for k in range(len(words) - 1, 0, -1):
            hit = self._by_key.get(" ".join(words[:k]))
            if hit is None:
                continue
            if k >= 2 or (first and first[0].isupper() and len(first[0]) >= 2 and first[0].isalpha()):
                return hit
        return None

    def by_exact_name(self, name: str | None) -> Outlet | None:
        """Like :meth:`by_name` without the desk and qualifier guesses: for text that may not be a name."""
        if not name or not name.strip():
            return None
        key = name_key(name)
        hit = self._by_key.get(key) or self._by_squashed.get(key.replace(" ", ""))
        if hit is None and _DOMAIN_LIKE.match(name.strip()):
            hit = self.by_domain(name.strip())
        return hit

    def resolve(self, name: str | None = None, url: str | None = None) -> Outlet | None:
        """The outlet named ``name``, else the one owning ``url``'s domain."""
        return self.by_name(name) or self.by_domain(url)

    def family_of(self, name: str) -> str:
        """The publisher family of an outlet name; an unknown outlet is its own family."""
        hit = self.by_name(name)
        return hit.family if hit is not None else name.strip()

    # ------------------------------------------------------- running text

    def _surface_forms(self, o: Outlet) -> set[str]:
        forms = {o.name, *o.aliases}
        for f in list(forms):
            if f.startswith("The ") and len(f) > 4:
                forms.add(f[4:])
        return {f for f in forms if len(f) >= 2 and f not in self._never}

    def _ambiguous_ok(self, text: str, start: int, end: int, surface: str) -> bool:
        """A name that is also an English word counts only mid-sentence and not inside a longer name."""
        core = surface[4:] if surface.startswith("The ") else surface
        if core not in self._ambiguous:
            return True
        after = re.match(r"[ \t]+(\w+)", text[end:])
        if after and after.group(1)[0].isupper():
            return False  # part of a longer name: "Times Square", "The Atlantic Council"
        if surface.startswith("The "):
            return True  # "The Guardian said" is the paper even at a sentence start
        before = text[:start].rstrip()
        if before.endswith(("the", "The")) and (len(before) == 3 or not before[-4].isalnum()):
            before = before[:-3].rstrip()
        return bool(before) and before[-1] not in _SENTENCE_END

    def find_mentions(self, text: str) -> list[tuple[int, int, Outlet]]:
        """Outlet names, aliases and domains as written in ``text``; longest match wins.

        Matching is case-sensitive ("AP", "RT" and "CNN" are not the words "ap"/"rt"),
        on word boundaries; names that are also ordinary words (listed in
        ``resources/outlet_ambiguous.txt``) need to stand mid-sentence.
        """
        found: list[tuple[int, int, Outlet]] = []
        for m in re.finditer(r"(?<!\w)\w+", text):
            for surface, outlet in self._surfaces.get(m.group(0), ()):
                start, end = m.start(), m.start() + len(surface)
                if not text.startswith(surface, start):
                    continue
                if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                    continue
                if end < len(text) - 1 and text[end] in ".-" and text[end + 1].isalnum():
                    continue  # part of a longer token: "AP.org", "RT-PCR"
                if start > 0 and text[start - 1] == "-":
                    continue  # inside a compound: "trans-Atlantic", "anti-CNN"
                if " " not in surface and not surface.isupper() and _after_name(text, start):
                    continue  # last word of a longer name: "Michael Bloomberg"
                if self._ambiguous_ok(text, start, end, surface):
                    found.append((start, end, outlet))
                    break
        for m in _DOMAIN_IN_TEXT.finditer(text):
            hit = self.by_domain(m.group(1))
            if hit is not None:
                found.append((m.start(1), m.end(1), hit))
        found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        out: list[tuple[int, int, Outlet]] = []
        last_end = -1
        for start, end, o in found:
            if start >= last_end:
                out.append((start, end, o))
                last_end = end
        return out


@lru_cache(maxsize=4)
def load_registry(extra_csv: str | None = None) -> OutletRegistry:
    """A registry loaded once per process (per user CSV), for stages that need it per article."""
    return OutletRegistry.load(extra_csv)


__all__ = ["KINDS", "Outlet", "OutletRegistry", "host_of", "load_registry", "name_key", "registrable_domain"]
