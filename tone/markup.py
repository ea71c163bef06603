"""Hide Slack markup, code and addresses from the checker without moving any character.

Every masked character becomes a space, so offsets found in the masked text index the original
string unchanged. Emphasis markers (`*bold*`, `_italic_`, `~strike~`) are blanked but the words
inside them are still checked.
"""

from __future__ import annotations

import re

# Every alternative starts with a literal character so the regex engine can skip ahead quickly.
_HIDDEN = re.compile(
    r"```.*?(?:```|\Z)"              # code block (an unclosed one runs to the end)
    r"|`[^`\n]*`"                    # inline code
    r"|<[@#!][^<>\n]*>"              # <@U123>, <#C123|general>, <!here>
    r"|<(?=[a-zA-Z][a-zA-Z0-9+.-]*:)[^<>\s|]*(?:\|[^<>\n]*)?>"  # <https://x|label>, <mailto:..>
    r"|&(?:amp|lt|gt);"              # Slack's escapes
    r"|h(?<![\w.]h)ttps?://[^\s<>]+"  # bare links (the look-behind checks the character before)
    r"|w(?<![\w.]w)ww\.[^\s<>]+"
    r"|:[a-z0-9_+-]+:",              # :emoji: shortcodes
    re.DOTALL,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_EMPHASIS = re.compile(r"(?<![\w*_~])([*_~])(?=\S)([^*_~\n]*?\S)\1(?![\w*_~])")


def mask(text: str) -> str:
    """Return `text` with markup replaced by spaces; same length, same offsets."""
    if not text:
        return text
    masked = _HIDDEN.sub(_blank, text)
    if "@" in masked:
        masked = _EMAIL.sub(_blank, masked)
    if "*" in masked or "_" in masked or "~" in masked:
        masked = _EMPHASIS.sub(lambda m: " " + m.group(2) + " ", masked)
    return masked


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())
