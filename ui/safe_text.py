"""User text on the page stays text: the one place where names, descriptions, file names and echoed
values are made safe for Streamlit's Markdown and for plotly's pseudo-HTML.

Streamlit renders Markdown (and its own extensions) in st.markdown, st.caption, st.toast, st.info/
success/warning/error, st.title/subheader, st.metric labels and every widget label and help text. A
scenario named ``[x](http://…)`` or ``![](http://…)`` would otherwise become a link or an image that every
visitor's browser fetches. Two layers are needed, because some of Streamlit's rules see the text only
after Markdown has been parsed (backslash escapes are already gone by then):

1. every ASCII punctuation mark that means something to Markdown, GFM or Streamlit gets a backslash
   (CommonMark lets any punctuation be escaped), so no emphasis, link, image, heading, list, table, HTML
   tag, entity, ``$`` math or ``:colour[...]`` directive forms; commas, quotes and the like stay as typed;
2. a WORD JOINER (U+2060, invisible, never a line break) goes where a rule on the parsed text would fire:
   GFM's autolinks (``http://``, ``www.``, ``a@b.cn``), the ``:shortcode:`` emoji and ``:material/…:``
   icons, and the ``->``/``<=``/``--`` arrows Streamlit substitutes.

Line breaks become spaces: a name or a description is shown on one line, so no newline can start a
block (heading, list, code) of its own.

``md`` is for text inside Markdown; ``plotly`` for text that plotly draws (legend, axis, hover), where
``<a href>``, ``<b>``, ``<br>`` are markup. The SVG charts escape their own text (ui/svg.py).
"""

from __future__ import annotations

import re

JOINER = "\u2060"
_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:&=^")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
# Where a rule that runs on parsed text would fire; each match gets a joiner inserted at its position.
_AFTER_COLON = re.compile(r"(?<=:)(?=\S)")              # :emoji:, :material/…:, http://, :streamlit:
_WWW = re.compile(r"(?<=www)(?=\.)", re.IGNORECASE)     # www.example.cn
_AT = re.compile(r"(?<=[-.\w+])(?=@)", re.ASCII)        # name@example.cn
_ARROWS = re.compile(r"(?<=[-<>~])(?=[-<>=])")          # -> <- <-> -- >= <= ~=


def one_line(text) -> str:
    """The text with every line break (and tab) turned into a space."""
    return _LINE_BREAKS.sub(" ", str(text)).replace("\t", " ")


def md(text) -> str:
    """User text as literal text inside Streamlit Markdown (any element, label or help text)."""
    s = one_line(text)
    for pattern in (_AFTER_COLON, _WWW, _AT, _ARROWS):
        s = pattern.sub(JOINER, s)
    s = "".join("\\" + ch if ch in _SPECIAL else ch for ch in s)
    # Four leading spaces would start a code block when the text begins a line.
    stripped = s.lstrip(" ")
    return "\u00a0" * (len(s) - len(stripped)) + stripped


def plotly(text) -> str:
    """User text as literal text in a plotly figure (trace names, category labels, titles).

    plotly reads ``<a href>``, ``<b>``, ``<br>``… in its text and decodes entities, so ``&``, ``<`` and
    ``>`` become entities; ``%{`` would be a hovertemplate field, so a joiner keeps it apart."""
    s = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("%{", "%" + JOINER + "{")
