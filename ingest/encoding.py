"""Decoding of landing-folder bytes: UTF-8 (with or without BOM), UTF-16/32 with a BOM, and the legacy
Arabic code pages of older archives and Windows exports (Windows-1256, ISO-8859-6).

A byte string decodes under almost any single-byte code page, so a legacy guess is accepted only
when the text it gives is mostly Arabic script: a file that no encoding reads as Arabic is left to
the caller to quarantine."""

from __future__ import annotations

import codecs
from typing import NamedTuple

from charset_normalizer import from_bytes

from extract.text import arabic_share

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: same first bytes
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The code pages Arabic text was written in before UTF-8; charset-normalizer chooses among them.
LEGACY_ARABIC = ["cp1256", "iso8859_6", "cp864", "mac_arabic"]
MIN_ARABIC_SHARE = 0.5


class Decoded(NamedTuple):
    text: str
    encoding: str


class UndecodableError(ValueError):
    """No encoding reads the bytes as Arabic text."""


def _mostly_utf8(data: bytes) -> bool:
    """Whether the non-ASCII bytes are mostly well-formed UTF-8 sequences, with a few bad bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f") - bad
    return good > 5 * bad


def decode(data: bytes) -> Decoded:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"{name} BOM but {exc.reason} at byte {exc.start}") from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"not UTF-8 ({exc.reason} at byte {exc.start})"
    if _mostly_utf8(data):
        # UTF-8 Arabic read as Windows-1256 is still "Arabic letters" (ظ‚طھظ„): no guess for a damaged file
        raise UndecodableError(f"{utf8_error}; the rest is valid UTF-8: a damaged file, not a legacy code page")
    best = from_bytes(data, cp_isolation=LEGACY_ARABIC).best()
    if best is not None:
        text = str(best)
        if arabic_share(text) >= MIN_ARABIC_SHARE:
            return Decoded(text, best.encoding)
        raise UndecodableError(
            f"{utf8_error}; best legacy guess {best.encoding} gives Arabic-script share {arabic_share(text):.2f}"
        )
    raise UndecodableError(f"{utf8_error}; no Arabic code page decodes it")
