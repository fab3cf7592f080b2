"""Storage adapters. The core never imports this package; the pipeline is handed a store."""

from storyline.store.sqlite import Store, content_hash, normalise_url

__all__ = ["Store", "content_hash", "normalise_url"]
