"""ui/safe_text: user text stays literal text in Streamlit Markdown and in plotly figures.

Two checks per text: a CommonMark parser (markdown-it, with GFM tables and strikethrough) must see one
plain text run equal to the user's text, and the rules Streamlit applies to the parsed text afterwards
(copied from the Markdown bundle of Streamlit 1.67: GFM autolinks, emoji and icon shortcodes, arrow
symbols) must find nothing in it.
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from ui.safe_text import JOINER, md, one_line, plotly

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Streamlit 1.67 StreamlitMarkdown bundle: rules run on text nodes, after backslash escapes are resolved.
AUTOLINK_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE | re.ASCII)
AUTOLINK_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)
EMOJI = re.compile(r":\+1:|:-1:|:[\w-]+:", re.ASCII)
ICON = re.compile(r":material[/_]\w+:|:streamlit:", re.ASCII)
ARROWS = re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)")

HOSTILE = [
    "**bold** _em_ *em* ~~gone~~ `code`",
    "[link](http://127.0.0.1:9/x) and <http://127.0.0.1:9/auto>",
    "![img](http://127.0.0.1:9/i.png)",
    "<a href=http://127.0.0.1:9/x>x</a> <img src=x onerror=alert(1)> &lt;b&gt; &amp;",
    "bare http://127.0.0.1:9/x and www.example.org and someone@example.org",
    "# heading",
    "- item\n1. item\n> quote\n---\n| a | b |\n|---|---|",
    "    indented code",
    "$x^2$ and $$\\int$$ and \\(a\\)",
    ":smile: :+1: :material/home: :streamlit: :red[coloured] :blue-badge[badge]",
    "a -> b <- c <-> d -- e >= f <= g ~= h",
    "line one\nline two\r\n\r\n# not a heading",
    "甲县（测试）：«中文» 12:00 1.5 a_b_c \\ backslash",
    "[ref]: http://127.0.0.1:9/r\n[ref]",
]


def _inline_tokens(source: str):
    tokens = PARSER.parse(source)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], source
    return tokens[1].children


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_sees_one_plain_text_run(text):
    children = _inline_tokens(md(text))
    assert {t.type for t in children} == {"text"}, [t.type for t in children]
    shown = "".join(t.content for t in children)
    # leading blanks are not shown by a browser either; what matters is that they start no code block
    assert shown.replace(JOINER, "").replace("\u00a0", " ").strip() == one_line(text).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_streamlit_text_rules_find_nothing(text):
    shown = "".join(t.content for t in _inline_tokens(md(text)))
    for rule in (AUTOLINK_URL, AUTOLINK_EMAIL, EMOJI, ICON, ARROWS):
        assert not rule.search(shown), (rule.pattern, shown)
    # Streamlit turns ":material/" into ":material_" in the source, before parsing
    assert ":material/" not in md(text)


def test_newlines_become_spaces():
    assert "\n" not in md("a\nb\r\nc\u2028d")
    assert one_line("a\nb\r\nc\u2028d\te") == "a b c d e"


def test_plain_chinese_text_is_unchanged():
    assert md("曲阳县（市、区）补助") == "曲阳县（市、区）补助"


def test_plotly_text_has_no_markup():
    text = plotly('<a href="http://127.0.0.1:9/x">x</a> <b>b</b><br>&amp; %{x}')
    assert "<" not in text and ">" not in text
    assert "&lt;a href" in text and "&amp;amp;" in text
    assert "%{" not in text
