"""HTTP for live sources: httpx with timeouts, a size cap, bounded redirects, and retries with
exponential backoff for 5xx answers and timeouts. Failures come back as a reason, never half a body."""

from __future__ import annotations

import os
from dataclasses import dataclass

import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

USER_AGENT = "conflict-news-warehouse/0.1 (+research ETL)"


@dataclass(frozen=True)
class HttpPolicy:
    timeout_s: float = float(os.environ.get("CONFLICT_HTTP_TIMEOUT", "10"))
    retries: int = int(os.environ.get("CONFLICT_HTTP_RETRIES", "3"))
    backoff_s: float = float(os.environ.get("CONFLICT_HTTP_BACKOFF", "1.0"))
    max_bytes: int = int(os.environ.get("CONFLICT_HTTP_MAX_BYTES", str(5 * 1024 * 1024)))
    max_redirects: int = 5


@dataclass(frozen=True)
class Fetched:
    status: int
    content: bytes
    headers: dict[str, str]
    url: str
    charset: str | None


class FetchFailed(Exception):
    """`retryable`: a fault another try may not meet (5xx, timeout, a dropped connection)."""

    def __init__(self, reason: str, detail: str, retryable: bool = False):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.retryable = retryable


def client(policy: HttpPolicy) -> httpx.Client:
    return httpx.Client(
        timeout=policy.timeout_s,
        follow_redirects=True,
        max_redirects=policy.max_redirects,
        headers={"User-Agent": USER_AGENT},
    )


def _once(c: httpx.Client, url: str, headers: dict[str, str], policy: HttpPolicy) -> Fetched:
    with c.stream("GET", url, headers=headers) as r:
        if r.status_code == 304:
            return Fetched(304, b"", dict(r.headers), str(r.url), None)
        if r.status_code >= 400:
            raise FetchFailed("http_error", f"HTTP {r.status_code} from {url}", retryable=r.status_code >= 500)
        declared = int(r.headers.get("content-length") or 0)
        if declared > policy.max_bytes:
            raise FetchFailed("too_large", f"{declared} bytes declared, cap {policy.max_bytes}")
        body = bytearray()
        for chunk in r.iter_bytes():
            body += chunk
            if len(body) > policy.max_bytes:
                raise FetchFailed("too_large", f"more than {policy.max_bytes} bytes from {url}")
        return Fetched(r.status_code, bytes(body), dict(r.headers), str(r.url), r.charset_encoding)


def _attempt(c: httpx.Client, url: str, headers: dict[str, str], policy: HttpPolicy) -> Fetched:
    """One GET, its transport errors named as the reasons the ledger keeps."""
    try:
        return _once(c, url, headers, policy)
    except httpx.TooManyRedirects as e:
        raise FetchFailed("redirect_loop", f"{url}: {e}") from e
    except httpx.TimeoutException as e:
        raise FetchFailed("timeout", f"{url}: {type(e).__name__}", retryable=True) from e
    except httpx.TransportError as e:
        raise FetchFailed("http_error", f"{url}: {type(e).__name__}: {e}", retryable=True) from e


def fetch(c: httpx.Client, url: str, policy: HttpPolicy, headers: dict[str, str] | None = None) -> Fetched:
    """GET with retries on 5xx and timeouts; 4xx, redirect loops and oversize bodies fail at once.
    The waits double from `backoff_s`; after the last try its failure is raised."""
    retrying = Retrying(
        stop=stop_after_attempt(policy.retries + 1),
        wait=wait_exponential(multiplier=policy.backoff_s, exp_base=2, min=0),
        retry=retry_if_exception(lambda e: isinstance(e, FetchFailed) and e.retryable),
        reraise=True,
    )
    return retrying(_attempt, c, url, headers or {}, policy)
