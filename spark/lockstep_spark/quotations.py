"""A text's own words: what it says outside quotation marks. A port of src/graph/quotations.ts
(the same pairs, the same result; why texts are compared without their quotations is said there).

JavaScript indexes strings in UTF-16 units and Python in code points; every mark is in the Basic
Multilingual Plane, so the search finds the same marks and the result is the same string.
"""
import re
import unicodedata

_CLOSE = {
    '"': '"',
    "\uff02": "\uff02",  # fullwidth ＂
    "\u201c": "\u201d",  # “ ”
    "\u300c": "\u300d",  # 「 」
    "\u300e": "\u300f",  # 『 』
    "\u00ab": "\u00bb",  # « »
    "\u300a": "\u300b",  # 《 》
}
# JavaScript's \s, spelt out: Python's differs at the edges (\x1c-\x1f, \ufeff).
_JS_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
# @handles and links up to JavaScript's white space (text.py drops them from the wording too).
HANDLE_OR_LINK = re.compile(f"@[^{_JS_SPACE}]+|https?://[^{_JS_SPACE}]+")


def _has_word(text):
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def without_quotations(text):
    """The text with every closed quotation replaced by a space, or the text unchanged when it has
    no quotation, or no letter or digit outside its quotations, handles and links."""
    if not any(c in text for c in _CLOSE):
        return text
    out = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        close = _CLOSE.get(text[i])
        j = -1 if close is None else text.find(close, i + 1)
        if j < 0:
            i += 1
            continue
        out.append(text[start:i])
        out.append(" ")
        start = i = j + 1
    if start == 0:
        return text
    out.append(text[start:])
    rest = "".join(out)
    return rest if _has_word(HANDLE_OR_LINK.sub(" ", rest)) else text
