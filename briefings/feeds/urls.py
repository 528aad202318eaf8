"""Canonical URLs (SPEC §4), the http(s)-only rule for stored URLs, and the address checks (SPEC §7).

:func:`http_url` is the gate for every URL that is stored as an article's or a source's URL: only
absolute ``http``/``https`` URLs with a host pass; ``javascript:``, ``data:``, ``file:``, relative
paths and anything else give None (no URL is stored; see :mod:`briefings.feeds.entries`).

:func:`address_block_reason` says why an address may not be fetched (private, loopback,
link-local, metadata...), looking through the IPv6 forms that embed an IPv4 address: IPv4-mapped
(``::ffff:127.0.0.1``), 6to4 (``2002::/16``) and NAT64 (``64:ff9b::/96``; the local-use prefix
``64:ff9b:1::/48`` is refused outright). :func:`resolve_host` reads the obfuscated IPv4 spellings
that C resolvers accept (``127.1``, ``0x7f.0.0.1``, ``2130706433``, ``0177.0.0.1``) as the
literal they are, so they are checked like any address and never depend on the resolver.

:func:`canonical_url` is deliberately conservative. It only changes what never changes the page a
server returns: the case of the scheme and host, a default port, the fragment, a bare ``/`` path,
and well-known tracking parameters. Every other query parameter is kept, in its original order and
its original spelling (no re-encoding), because news sites do route on them (``?id=123``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import socket
from collections.abc import Iterable
from typing import Final
from urllib.parse import unquote_plus, urlsplit, urlunsplit

log = logging.getLogger(__name__)

#: Query parameters that only tell a site where a click came from. Compared case-insensitively;
#: every ``utm_*`` parameter is dropped as well.
TRACKING_PARAMS: Final[frozenset[str]] = frozenset(
    {
        "fbclid",
        "gclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "ref",
        "ref_src",
        "cmpid",
        "ocid",
        "_ga",
        "at_medium",
        "at_campaign",
    }
)

_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
METADATA_ADDRESSES: Final = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64_WELL_KNOWN: Final = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL_USE: Final = ipaddress.ip_network("64:ff9b:1::/48")
_CONTROL: Final = re.compile(r"[\x00-\x20\x7f]")
_NUMERIC_HOST: Final = re.compile(r"[0-9a-fA-FxX.]+")


def http_url(url: str | None) -> str | None:
    """``url`` stripped when it is an absolute http(s) URL with a host, else None.

    >>> http_url(" https://example.org/a ")
    'https://example.org/a'
    >>> http_url("javascript:alert(1)") is None and http_url("/relative") is None
    True
    """
    if not url:
        return None
    text = url.strip()
    if not text or _CONTROL.search(text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return text


def is_tracking_param(name: str) -> bool:
    """Whether a query parameter name (already decoded) is a tracking parameter."""
    key = name.strip().lower()
    return key.startswith("utm_") or key in TRACKING_PARAMS


def _clean_query(query: str) -> str:
    """Drop tracking parameters from a raw query string, keeping the rest verbatim and in order."""
    if not query:
        return ""
    kept: list[str] = []
    for part in query.split("&"):
        if not part:
            continue
        name = unquote_plus(part.split("=", 1)[0])
        if not is_tracking_param(name):
            kept.append(part)
    return "&".join(kept)


def canonical_url(url: str) -> str:
    """Return the canonical spelling of an http(s) URL; other strings come back only stripped.

    >>> canonical_url("HTTPS://News.Example.ORG:443/a/b?utm_source=x&id=7#top")
    'https://news.example.org/a/b?id=7'
    >>> canonical_url("https://example.org/")
    'https://example.org'

    Non-root paths keep a trailing slash (``/europe/`` and ``/europe`` may be different pages).
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.netloc:
            return text
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # a malformed port or IPv6 literal: leave the URL alone
        return text
    if not host:
        return text
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        netloc = f"{userinfo}@{netloc}"
    path = parts.path
    if path == "/":
        path = ""
    return urlunsplit((scheme, netloc, path, _clean_query(parts.query), ""))


# Where a URL may lead: feeds added from chat must not reach private addresses (SPEC §7).


def address_block_reason(address: str | IPAddress) -> str | None:
    """Why a feed added from chat may not reach ``address``, or None when it is a public address."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in NAT64_LOCAL_USE:
            return "local-use NAT64 address"
        elif ip in NAT64_WELL_KNOWN or ip.sixtofour is not None:
            kind = "NAT64" if ip in NAT64_WELL_KNOWN else "6to4"
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if kind == "NAT64" else ip.sixtofour
            assert embedded is not None
            inner = address_block_reason(embedded)
            return f"{kind} address embedding a {inner}" if inner else None
    if ip in METADATA_ADDRESSES:
        return "cloud metadata address"
    for attribute, label in (
        ("is_unspecified", "unspecified address"),
        ("is_loopback", "loopback address"),
        ("is_link_local", "link-local address"),
        ("is_multicast", "multicast address"),
        ("is_private", "private address"),
        ("is_reserved", "reserved address"),
    ):
        if getattr(ip, attribute):
            return label
    if not ip.is_global:  # shared address space (100.64/10), documentation ranges...
        return "non-public address"
    return None


def ip_literal(host: str) -> IPAddress | None:
    """The address a host names literally: ``::1``, ``127.0.0.1``, or an obfuscated IPv4 form.

    ``127.1``, ``0x7f.0.0.1``, ``0177.0.0.1`` and ``2130706433`` all mean 127.0.0.1 to the C
    resolver (``inet_aton``); they are read the same way here. None for a host name.
    """
    text = host.strip().strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(text) and any(c.isdigit() for c in text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def parse_networks(networks: Iterable[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """CIDR strings as networks (``ValueError`` for a bad one)."""
    return tuple(ipaddress.ip_network(n, strict=False) for n in networks)


async def resolve_host(host: str, port: int) -> list[IPAddress]:
    """All addresses ``host`` resolves to (an IP literal, however spelt, resolves to itself)."""
    literal = ip_literal(host)
    if literal is not None:
        return [literal]
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])  # drop an IPv6 zone id
        if ip not in found:
            found.append(ip)
    return found
