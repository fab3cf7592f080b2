"""Fetch one article URL over HTTP(S) with httpx, safely.

Guards: a timeout, a response-size cap (streamed, stops at
``limits.fetch_max_bytes``), redirects followed by hand (at most
``limits.fetch_max_redirects``) and an SSRF guard run on the first hop and
on every redirect: the host is resolved and loopback, private, link-local
(cloud metadata 169.254.169.254 included), multicast, reserved and
unspecified addresses are refused unless ``config.allow_private``. The
connection then goes to the vetted address itself (DNS-rebinding safe).
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from storyline.config import Config
from storyline.errors import FetchError, UnsupportedInput
from storyline.ingest.html import parse_html
from storyline.ingest.sniff import content_type_charset, declared_charset, decode
from storyline.records import RawDocument

USER_AGENT = "storyline-ingest/1"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, default port and fragment dropped (for stable ids)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def url_id(url: str) -> str:
    return "url-" + hashlib.sha1(normalise_url(url).encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr, label in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local (cloud metadata range)"),
        ("is_private", "private"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_unspecified", "unspecified"),
    ):
        if getattr(ip, attr):
            return label
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the SSRF guard's view of DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]).split("%", 1)[0] for info in infos]


def check_url(url: str, config: Config) -> list[str]:
    """The vetted addresses of ``url``'s host (empty with allow_private).

    Raises FetchError unless ``url`` is http(s) and (unless allow_private)
    every address it resolves to is public.
    """
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}")
    host = parts.hostname
    if not host:
        raise FetchError(url, "URL has no host")
    if config.allow_private:
        return []
    try:
        addresses = resolve(host, port)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(url, f"host {host!r} could not be resolved ({exc})") from exc
    for address in addresses:
        ip = ipaddress.ip_address(address)
        why = _blocked(ip)
        if why:
            raise FetchError(
                url, f"refused: {host} resolves to {why} address {ip} (set allow_private to fetch it)", code="blocked"
            )
    return addresses


def _pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """The request aimed at the vetted ``address`` itself, so DNS cannot change between check and connect.

    The Host header and TLS SNI (httpx's ``sni_hostname`` extension, also
    used for certificate checks) keep the original host name.
    """
    parts = urlsplit(url)
    literal = f"[{address}]" if ":" in address else address
    netloc = literal + (f":{parts.port}" if parts.port else "")
    target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    extensions = {"sni_hostname": parts.hostname or ""} if parts.scheme.lower() == "https" else {}
    return target, {"Host": host_header}, extensions


def fetch_bytes(url: str, config: Config) -> tuple[str, str, bytes]:
    """``(final_url, content_type, body)`` of a 2xx response, every guard applied."""
    limits = config.limits
    current = url
    timeout = httpx.Timeout(limits.fetch_timeout_s)
    deadline = time.monotonic() + 2 * limits.fetch_timeout_s
    with httpx.Client(follow_redirects=False, timeout=timeout, headers={"User-Agent": USER_AGENT},
                      trust_env=False) as client:
        for _hop in range(limits.fetch_max_redirects + 1):
            addresses = check_url(current, config)
            target, headers, extensions = (current, {}, {}) if not addresses else _pinned(current, addresses[0])
            try:
                with client.stream("GET", target, headers=headers, extensions=extensions) as resp:
                    if resp.status_code in _REDIRECTS and resp.headers.get("location"):
                        current = urljoin(current, resp.headers["location"])
                        continue
                    if not 200 <= resp.status_code < 300:
                        raise FetchError(url, f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limits.fetch_max_bytes:
                        raise FetchError(url, f"response is {declared} bytes, over the {limits.fetch_max_bytes} "
                                              "byte limit (limits.fetch_max_bytes)", code="too-large")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in resp.iter_bytes():
                        if time.monotonic() > deadline:  # httpx's timeout is per read: a slow drip would never end
                            raise httpx.ReadTimeout("total time over the limit")
                        size += len(chunk)
                        if size > limits.fetch_max_bytes:
                            raise FetchError(url, f"response is over the {limits.fetch_max_bytes} byte limit "
                                                  "(limits.fetch_max_bytes)", code="too-large")
                        chunks.append(chunk)
                    return current, resp.headers.get("content-type", ""), b"".join(chunks)
            except httpx.TimeoutException as exc:
                raise FetchError(url, f"timed out after {limits.fetch_timeout_s:g} s") from exc
            except httpx.ConnectError as exc:
                msg = str(exc).lower()
                reason = "connection refused" if "refused" in msg else f"could not connect ({exc})"
                raise FetchError(url, reason) from exc
            except httpx.HTTPError as exc:
                raise FetchError(url, f"HTTP error ({type(exc).__name__}: {exc})") from exc
    raise FetchError(url, f"more than {limits.fetch_max_redirects} redirects (limits.fetch_max_redirects)")


def fetch_url(url: str, config: Config) -> RawDocument:
    """The article at ``url`` as a RawDocument (HTML only). Raises InputError subclasses."""
    final_url, ctype, body = fetch_bytes(url, config)
    mime = ctype.split(";")[0].strip().lower()
    if mime and "html" not in mime:
        raise UnsupportedInput(url, f"not an HTML page (Content-Type {mime})")
    html = decode(body, url, content_type_charset(ctype) or declared_charset(body))
    return parse_html(html, url, url_id(url), url=final_url, fmt="url", max_tags=config.limits.max_html_tags)
