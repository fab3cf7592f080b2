"""Generated hostile inputs, mixed with good articles, for ``bench.fuzz`` and the atheris seeds.

``make_case(rng, i)`` returns one :class:`Case`: a file name, its bytes, and the
titles of the good articles inside it that ingest must keep (empty for a purely
hostile input). Good articles carry a unique token in their title so a lost one
is found by name. Every article here is invented.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "\x00",
    "\ufeff",
    "\u202e",
    "&#0;",
    "]]>",
    "<!--",
    "{{7*7}}",
    "\ud7ff",
    "𝕳𝖊𝖑𝖑𝖔",
    "‮txt.exe",
)
WORDS = (
    "harbour",
    "council",
    "ferry",
    "bridge",
    "library",
    "strike",
    "festival",
    "river",
    "mayor",
    "budget",
    "storm",
    "quay",
    "school",
    "tram",
    "market",
    "vote",
    "repairs",
    "crowd",
    "report",
    "minister",
)


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    good: tuple[str, ...] = ()  # titles that must be stored
    kind: str = ""


def sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + ", the harbour office said on Monday."


def good_title(i: int, sub: int = 0) -> str:
    return f"Good article G{i}x{sub} on the {WORDS[i % len(WORDS)]}"


def body(rng: random.Random, paras: int = 3) -> str:
    return "\n".join(" ".join(sentence(rng) for _ in range(3)) for _ in range(paras))


def html_page(title: str, text: str, extra: str = "") -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n"))
    return (
        f"<html><head><title>{title}</title>{extra}</head><body><article>{paras}</article></body></html>"
    ).encode()


def feed(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{u}</link><description>{d}</description></item>" for t, u, d in items
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Lake Wire</title>{entries}</channel></rss>".encode()


def warc(pages: list[tuple[str, bytes]], gz: bool = False) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, page in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=headers)
        )
    return buf.getvalue()


def gzip_of(size: int, head: bytes = b"Bomb\n") -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        gz.write(head)
        chunk = b"a" * (1 << 20)
        for _ in range(size >> 20):
            gz.write(chunk)
    return out.getvalue()


def mutate(rng: random.Random, data: bytes) -> bytes:
    """Flip, insert, delete or cut bytes at random (a few edits)."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not buf:
            break
        op, pos = rng.randrange(4), rng.randrange(len(buf))
        if op == 0:
            buf[pos] = rng.randrange(256)
        elif op == 1:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 2:
            del buf[pos : pos + rng.randint(1, 64)]
        else:
            del buf[pos:]
    return bytes(buf)


# ----------------------------------------------------------------- good ones
def good_text(rng: random.Random, i: int) -> Case:
    t = good_title(i)
    return Case(
        f"{i}.txt",
        f"date 2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} https://good.example/{i}\n{t}\n"
        f"{body(rng)}\n".encode(),
        (t,),
        "good-text",
    )


def good_html(rng: random.Random, i: int) -> Case:
    t = good_title(i)
    return Case(
        f"{i}.html",
        html_page(t, body(rng), f"<link rel='canonical' href='https://good.example/h{i}'>"),
        (t,),
        "good-html",
    )


def good_feed(rng: random.Random, i: int) -> Case:
    titles = (good_title(i, 0), good_title(i, 1))
    items = [(t, f"https://good.example/f{i}/{k}", sentence(rng, 20)) for k, t in enumerate(titles)]
    return Case(f"{i}.xml", feed(items), titles, "good-feed")


def good_warc(rng: random.Random, i: int) -> Case:
    t = good_title(i)
    return Case(
        f"{i}.warc.gz",
        warc([(f"https://good.example/w{i}", html_page(t, body(rng)))], gz=True),
        (t,),
        "good-warc",
    )


def mixed_jsonl(rng: random.Random, i: int) -> Case:
    """Good records with malformed lines between them: each good line must survive its neighbours."""
    lines: list[bytes] = []
    good: list[str] = []
    for k in range(rng.randint(2, 6)):
        t = good_title(i, k)
        good.append(t)
        lines.append(
            json.dumps(
                {"id": f"g{i}-{k}", "url": f"https://good.example/j{i}/{k}", "title": t, "text": body(rng, 2)}
            ).encode()
        )
        lines.append(
            rng.choice(
                [
                    b'{"id": 1, "text": ',
                    b"\xff\xfe\x00garbage",
                    b"[]",
                    b'"str"',
                    b"{" * 5000,
                    b'{"text": null}',
                    json.dumps({"title": rng.choice(PAYLOADS)}).encode() + b"}",
                    b"x" * rng.randint(0, 3000),
                ]
            )
        )
    return Case(f"{i}.jsonl", b"\n".join(lines) + b"\n", tuple(good), "mixed-jsonl")


# ------------------------------------------------------------- hostile ones
def binary(rng: random.Random, i: int) -> Case:
    magic = rng.choice([b"", b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"PK\x03\x04", b"\x7fELF", b"\x00\x00"])
    return Case(f"{i}.txt", magic + rng.randbytes(rng.randint(0, 4096)), kind="binary")


def wrong_encoding(rng: random.Random, i: int) -> Case:
    text = f"Café de la Gare\n{body(rng)} Ünïcödé — «quotes» Ωμέγα Привет\n"
    enc = rng.choice(
        ["latin-1", "cp1251", "utf-16-le", "utf-16-be", "cp1252", "koi8-r", "shift_jis", "utf-32"]
    )
    data = text.encode(enc, errors="replace")
    if rng.random() < 0.5:
        data = data[: rng.randint(0, len(data))] + rng.randbytes(rng.randint(0, 50))
    return Case(f"{i}.txt", data, kind="encoding")


def empty(rng: random.Random, i: int) -> Case:
    return Case(
        f"{i}.txt",
        rng.choice([b"", b" ", b"\n\n\t", b"\xef\xbb\xbf", b"\xff\xfe", "\u00a0\u2028".encode()]),
        kind="empty",
    )


def huge(rng: random.Random, i: int) -> Case:
    size = rng.randint(1, 3) << 20
    kind = rng.randrange(3)
    if kind == 0:
        data = b"Huge\n" + (b"word " * (size // 5))
    elif kind == 1:
        data = b"Huge\n" + b"x" * size  # one endless line
    else:
        data = b"<html><body>" + b"<p>para</p>" * (size // 11) + b"</body></html>"
    return Case(f"{i}.dat", data, kind="huge")


def bomb(rng: random.Random, i: int) -> Case:
    inner = rng.choice([b"Bomb\n", b'{"id": "b", "text": "', b"WARC/1.0\r\n", b"<html><body><p>"])
    return Case(f"{i}.gz", gzip_of(rng.randint(20, 48) << 20, inner), kind="bomb")


def nested_gzip(rng: random.Random, i: int) -> Case:
    return Case(f"{i}.gz", gzip.compress(gzip.compress(body(rng).encode())), kind="bomb")


def hostile_html(rng: random.Random, i: int) -> Case:
    n = rng.randint(1000, 60_000)
    shape = rng.randrange(6)
    if shape == 0:
        data = b"<html><body>" + b"<div>" * n + b"<p>deep</p>" + b"</div>" * n
    elif shape == 1:
        data = b"<html><body><p " + b" ".join(b"a%d=x" % k for k in range(n)) + b">t</p>"
    elif shape == 2:
        data = b"<html><body>" + b"<b><i><table><tr><td>" * (n // 10)
    elif shape == 3:
        data = b"<html>" + b"<!--" * n + b"<p>x</p>"
    elif shape == 4:
        data = (
            b"<html><head><meta charset='"
            + rng.choice([b"\x00", b"utf-7", b"nope", b"x" * 300])
            + b"'></head>"
            + html_page(rng.choice(PAYLOADS), body(rng))
        )
    else:
        tags = [
            b"<div>",
            b"</div>",
            b"<p>",
            b"<script>",
            b"</script>",
            b"<style>",
            b"<![CDATA[",
            b"<svg>",
            b"&amp",
            b"&#x110000;",
            b"<a href='javascript:x'>",
            b"<math>",
            b"<template>",
            b"<noscript>",
            b"<?php ?>",
        ]
        data = b"<html><body>" + b"".join(
            rng.choice(tags) + rng.choice(PAYLOADS).encode() for _ in range(n // 20)
        )
    return Case(f"{i}.html", data, kind="html")


def hostile_feed(rng: random.Random, i: int) -> Case:
    shape = rng.randrange(5)
    if shape == 0:  # billion laughs
        ents = "".join(
            f'<!ENTITY l{k} "{("&l" + str(k - 1) + ";") * 10 if k else "lol"}">' for k in range(10)
        )
        data = f"<?xml version='1.0'?><!DOCTYPE r [{ents}]><rss><channel><item><title>&l9;</title></item></channel></rss>"
        return Case(f"{i}.xml", data.encode(), kind="feed")
    if shape == 1:  # external entity
        data = (
            "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
            "<rss><channel><item><title>&x;</title><description>&x;</description></item></channel></rss>"
        )
        return Case(f"{i}.xml", data.encode(), kind="feed")
    if shape == 2:  # many entries
        items = [(f"t{k}", f"https://x.example/{k}", "d") for k in range(rng.randint(1000, 8000))]
        return Case(f"{i}.xml", feed(items), kind="feed")
    base = feed([(rng.choice(PAYLOADS), "javascript:alert(1)", rng.choice(PAYLOADS) * 50) for _ in range(5)])
    return Case(
        f"{i}.xml", mutate(rng, base) if shape == 3 else base[: rng.randint(0, len(base))], kind="feed"
    )


def hostile_jsonl(rng: random.Random, i: int) -> Case:
    shape = rng.randrange(4)
    if shape == 0:
        data = b'{"a":' * rng.randint(1000, 100_000) + b"1"
    elif shape == 1:
        data = b"\n".join(
            json.dumps(
                {
                    "id": rng.choice([None, 1, True, [], "x"]),
                    "text": rng.choice([None, 3, [], {}, "", rng.choice(PAYLOADS)]),
                    "title": rng.choice([None, {}, rng.choice(PAYLOADS)]),
                }
            ).encode()
            for _ in range(50)
        )
    elif shape == 2:
        data = b"[" + b",".join(
            json.dumps({"title": rng.choice(PAYLOADS), "text": "x"}).encode() for _ in range(30)
        )
    else:
        data = b"\n".join(rng.randbytes(rng.randint(0, 200)) for _ in range(20))
    return Case(f"{i}.jsonl", data if shape != 2 else data + b"]", kind="jsonl")


def hostile_warc(rng: random.Random, i: int) -> Case:
    base = warc(
        [(f"https://w.example/{k}", html_page(rng.choice(PAYLOADS), body(rng))) for k in range(3)],
        gz=rng.random() < 0.5,
    )
    shape = rng.randrange(3)
    if shape == 0:
        data = mutate(rng, base)
    elif shape == 1:
        data = base[: rng.randint(0, len(base))]
    else:
        data = (
            b"WARC/1.0\r\n"
            + b"X: "
            + b"a" * rng.randint(10, 200_000)
            + b"\r\nContent-Length: 99999999999\r\n\r\n"
        )
    return Case(f"{i}.warc", data, kind="warc")


def url_list(rng: random.Random, i: int) -> Case:
    hosts = [
        "127.0.0.1",
        "2130706433",
        "0177.0.0.1",
        "0x7f.1",
        "169.254.169.254",
        "10.0.0.1",
        "[::1]",
        "[fd00::1]",
        "localhost",
        "0.0.0.0",
        "192.168.1.1",
        "[::ffff:10.0.0.1]",
    ]
    lines = [
        f"http://{rng.choice(hosts)}:{rng.randint(1, 65535)}/{rng.choice(WORDS)}"
        for _ in range(rng.randint(1, 6))
    ]
    return Case(f"{i}.urls", ("\n".join(lines) + "\n").encode(), kind="urls")


def mutated_good(rng: random.Random, i: int) -> Case:
    src = rng.choice([good_text, good_html, good_feed, good_warc, mixed_jsonl])(rng, i)
    return Case(src.name, mutate(rng, src.data), kind="mutated")


GOOD: tuple[Callable[[random.Random, int], Case], ...] = (
    good_text,
    good_html,
    good_feed,
    good_warc,
    mixed_jsonl,
)
HOSTILE: tuple[tuple[Callable[[random.Random, int], Case], int], ...] = (
    (binary, 12),
    (wrong_encoding, 12),
    (empty, 6),
    (huge, 1),
    (bomb, 1),
    (nested_gzip, 2),
    (hostile_html, 10),
    (hostile_feed, 8),
    (hostile_jsonl, 10),
    (hostile_warc, 10),
    (url_list, 5),
    (mutated_good, 23),
)


def make_case(rng: random.Random, i: int, good_share: float = 0.15) -> Case:
    """One input: a good article (or a mix) with probability ``good_share``, else a hostile one."""
    if rng.random() < good_share:
        return rng.choice(GOOD)(rng, i)
    makers, weights = zip(*HOSTILE, strict=True)
    return rng.choices(makers, weights)[0](rng, i)
