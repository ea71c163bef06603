"""Hide Slack markup, code and addresses from the checker without moving any character.

Every masked character becomes a space, so offsets found in the masked text index the original
string unchanged. Emphasis markers (`*bold*`, `_italic_`, `~strike~`) are blanked but the words
inside them are still checked.
"""

from __future__ import annotations

import re

_HIDDEN = re.compile(
    r"```.*?(?:```|\Z)"              # code block (an unclosed one runs to the end)
    r"|`[^`\n]*`"                    # inline code
    r"|<[@#!][^<>\n]*>"              # <@U123>, <#C123|general>, <!here>
    r"|<[a-z][a-z0-9+.-]*:[^<>\s|]*(?:\|[^<>\n]*)?>"  # <https://x|label>, <mailto:a@b.c|label>
    r"|&(?:amp|lt|gt);"              # Slack's escapes
    r"|\b(?:https?://|www\.)[^\s<>]+"  # bare links
    r"|\b[\w.+-]+@[\w-]+\.[\w.-]+"   # e-mail addresses
    r"|:[a-z0-9_+-]+:",              # :emoji: shortcodes
    re.DOTALL | re.IGNORECASE,
)
_EMPHASIS = re.compile(r"(?<![\w*_~])([*_~])(?=\S)([^*_~\n]*?\S)\1(?![\w*_~])")


def mask(text: str) -> str:
    """Return `text` with markup replaced by spaces; same length, same offsets."""
    if not text:
        return text
    masked = _HIDDEN.sub(lambda m: " " * len(m.group()), text)
    return _EMPHASIS.sub(lambda m: " " + m.group(2) + " ", masked)
