"""The field types a content pack is written in: ids, names, texts and versions, and their checks.

Every text a pack holds passes through `_clean`: line breaks normalised, blank text refused where
a value is required, and no character that must never reach a terminal (`content.controls`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StrictStr, StringConstraints

from content.controls import FORBIDDEN_OR_SURROGATE
from content.limits import NAME_MAX, TEXT_MAX

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
"""An id: lowercase letters, digits and hyphens, starting with a letter or digit, at most 40."""

VERSION_PATTERN = r"^\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$"
"""A version number such as `1.0.0` or `2.1.0-beta.1`."""


def _clean(text: str, *, one_line: bool, blank_ok: bool = False) -> str:
    """Normalise line breaks and refuse characters that must never reach the terminal."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text and not blank_ok:
        raise ValueError("Must not be blank")
    bad = FORBIDDEN_OR_SURROGATE.search(text)
    if bad:
        raise ValueError(f"Contains a control character (U+{ord(bad.group()):04X}); remove it")
    if one_line and "\n" in text:
        raise ValueError("Must fit on one line")
    return text


def _clean_line(text: str) -> str:
    """Validate a one-line name or title."""
    return _clean(text, one_line=True)


def _clean_text(text: str) -> str:
    """Validate a piece of free text that may span lines."""
    return _clean(text, one_line=False)


def _clean_optional_text(text: str) -> str:
    """Validate a piece of free text that may span lines or be empty."""
    return _clean(text, one_line=False, blank_ok=True)


Slug = Annotated[StrictStr, StringConstraints(pattern=SLUG_PATTERN)]
"""An id such as `data-scientist`."""

Name = Annotated[
    StrictStr, StringConstraints(min_length=1, max_length=NAME_MAX), AfterValidator(_clean_line)
]
"""A short one-line name or title."""

Text = Annotated[
    StrictStr, StringConstraints(min_length=1, max_length=TEXT_MAX), AfterValidator(_clean_text)
]
"""Free text: a sentence or a paragraph."""

OptionalText = Annotated[
    StrictStr, StringConstraints(max_length=TEXT_MAX), AfterValidator(_clean_optional_text)
]
"""Free text that may be left empty."""

Version = Annotated[StrictStr, StringConstraints(pattern=VERSION_PATTERN)]
"""A version number such as `1.0.0` or `2.1.0-beta.1`."""
