"""One exception tree for Storyline.

    StorylineError                 base; every message says what, which input, why
    ├── ConfigError                bad setting (CLI exit code 2)
    ├── InputError                 one input can't be used; carries ``source`` and ``code``
    │   ├── UnsupportedInput       binary / unknown format
    │   ├── EncodingError          bytes that decode to nothing sensible
    │   ├── EmptyInput             nothing but whitespace
    │   ├── TooLarge               over a configured size cap
    │   ├── ParseError             a parser (feedparser, warcio, json, ...) rejected it
    │   └── FetchError             a URL could not be fetched (network, status, policy)
    └── StoreError                 the SQLite store failed (wraps sqlite3 errors)

Third-party exceptions are wrapped at the seam where they occur, so callers
catch ``InputError`` and turn it into a :class:`~storyline.records.Failure`.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class for every error Storyline raises on purpose."""


class ConfigError(StorylineError):
    """A setting is missing, of the wrong type, or out of range."""


class StoreError(StorylineError):
    """The store could not be opened, migrated or written."""


class InputError(StorylineError):
    """One input (file, record, URL) cannot be used; the batch goes on."""

    code = "input"

    def __init__(self, source: str, reason: str, code: str | None = None) -> None:
        self.source = source
        self.reason = reason or "unknown reason"
        if code:
            self.code = code
        super().__init__(f"{source}: {self.reason}")


class UnsupportedInput(InputError):
    code = "unsupported"


class EncodingError(InputError):
    code = "encoding"


class EmptyInput(InputError):
    code = "empty"


class TooLarge(InputError):
    code = "too-large"


class ParseError(InputError):
    code = "parse"


class FetchError(InputError):
    code = "fetch"
