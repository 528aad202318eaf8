"""Canonical URLs (SPEC §4) and the address checks for where a feed URL may lead (SPEC §7).

:func:`canonical_url` is deliberately conservative. It only changes what never changes the page a
server returns: the case of the scheme and host, a default port, the fragment, a bare ``/`` path,
and well-known tracking parameters. Every other query parameter is kept, in its original order and
its original spelling (no re-encoding), because news sites do route on them (``?id=123``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
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
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
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


def parse_networks(networks: Iterable[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """CIDR strings as networks (``ValueError`` for a bad one)."""
    return tuple(ipaddress.ip_network(n, strict=False) for n in networks)


async def resolve_host(host: str, port: int) -> list[IPAddress]:
    """All addresses ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])  # drop an IPv6 zone id
        if ip not in found:
            found.append(ip)
    return found
