"""Markdown for messages: user text in (escaped so it stays literal), plain text and HTML out.

A draft's body is CommonMark (:data:`MARKDOWN_PRESET`) with raw HTML off: what a person typed in a
title, name or note is escaped where it enters a template (:func:`md_escape`, :func:`md_block`,
:func:`md_list`, :func:`md_lines`), and a body the person edited by hand in the app still renders
any ``<tag>`` they typed as text, never as HTML.

Out of a body come:

- :func:`plain_text`: the message as a person reads it, for the ``text/plain`` part of an email,
  a ``mailto:`` link and the clipboard: no escapes, no emphasis marks, lists as "- " lines,
  numbered lists numbered, links as "text (address)", hard and soft line breaks as line breaks.
  It reads markdown-it-py's tokens, so it works on any body, edited or not.
- :func:`to_html`: the ``text/html`` part, a small UTF-8 document rendered by markdown-it-py.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

MARKDOWN_PRESET = "commonmark"  # the markdown-it-py preset previews and emails use (raw HTML off)


@lru_cache(maxsize=1)
def _shared_parser():
    return markdown_parser()


def markdown_parser():
    """A markdown-it-py parser with the preset drafts are written for, raw HTML off (previews use
    it, and the email's HTML part is rendered by it)."""
    from markdown_it import MarkdownIt

    return MarkdownIt(MARKDOWN_PRESET, {"html": False})


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- in: Markdown escaping ----------------------------------------------------------------------------

# Characters that can start Markdown anywhere in a line: emphasis, code, links, HTML and autolinks,
# backslash escapes, table cells.
_ALWAYS = frozenset("\\`*_[]<>|")
_ENTITY = re.compile(r"&(?=(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)")
# At the start of a line: an ATX heading, a list item, a thematic break or a setext underline.
_BLOCK_START = re.compile(r"#{1,6}(?:\s|$)|[-+](?:\s|$)|[-\s]+$|=[=\s]*$|~~~")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Text that renders literally in CommonMark, on one line, with as few backslashes as will do.

    ``[VIP] Ærø & Co`` -> ``\\[VIP\\] Ærø & Co``. Whitespace (newlines included) becomes single spaces.
    Escaped everywhere: \\ ` * _ (not inside a word) [ ] < > | and an & that starts an entity
    (&amp;). At the start, only where they would start a block: "# " (heading), "- " / "+ " (list),
    "---" / "===" (thematic break, setext underline), "~~~" (code fence) and the dot or bracket of "1." / "1)".
    """
    text = _one_line(text)
    if not text:
        return ""
    out = []
    last = len(text) - 1
    for i, char in enumerate(text):
        if char == "_" and 0 < i < last and text[i - 1].isalnum() and text[i + 1].isalnum():
            out.append(char)  # snake_case: an underscore inside a word never emphasises
        elif char in _ALWAYS:
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = _ENTITY.sub(r"\\&", "".join(out))
    if _BLOCK_START.match(escaped):
        escaped = "\\" + escaped
    return _ORDERED.sub(lambda m: f"{m[1]}\\{m[2]}", escaped, count=1)


def md_lines(text: str) -> str:
    """Several lines kept as lines (a signature): each escaped, joined by hard breaks."""
    lines = [md_escape(line) for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    return "  \n".join(lines)


_BULLET = re.compile(r"^\s*[-*+•]\s+")


def md_block(text: str) -> str:
    """A person's multi-line text as Markdown: blank lines separate paragraphs, lines starting
    with "- ", "* " or "• " become list items, everything else is escaped (see md_escape)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    previous_item = False
    for line in lines:
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
            previous_item = False
            continue
        bullet = _BULLET.match(line)
        if bullet:
            if out and out[-1] != "" and not previous_item:
                out.append("")
            out.append("- " + md_escape(line[bullet.end() :]))
            previous_item = True
        else:
            if previous_item:
                out.append("")
            out.append(md_escape(line))
            previous_item = False
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def md_list(items: Iterable[str]) -> str:
    """A Markdown bullet list of plain-text items (each escaped)."""
    return "\n".join(f"- {md_escape(item)}" for item in items if item and item.strip())



# --- out: plain text and HTML ---------------------------------------------------------------------


def plain_text(markdown: str) -> str:
    """The message as a person reads it (see the module docstring); ends with one newline."""
    from markdown_it.tree import SyntaxTreeNode

    root = SyntaxTreeNode(_shared_parser().parse(markdown))
    lines = _blocks(root.children)
    return "\n".join(lines).rstrip() + "\n" if lines else ""


def _blocks(nodes: Iterable, *, tight: bool = False) -> list[str]:
    lines: list[str] = []
    for node in nodes:
        block = _block(node)
        if not block:
            continue
        if lines and not (tight and node.type == "paragraph"):
            lines.append("")
        lines.extend(block)
    return lines


def _block(node) -> list[str]:
    kind = node.type
    if kind in ("paragraph", "heading"):
        return _inline(node.children[0]).split("\n") if node.children else []
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind == "blockquote":
        return [f"> {line}".rstrip() for line in _blocks(node.children)]
    if kind in ("code_block", "fence"):
        return node.content.rstrip("\n").split("\n")
    if kind == "hr":
        return ["———"]
    if kind == "html_block":  # raw HTML is off; kept as the text it is should a parser allow it
        return node.content.rstrip("\n").split("\n")
    return _blocks(node.children)


def _list(node) -> list[str]:
    items = [child for child in node.children if child.type == "list_item"]
    tight = all(p.hidden for item in items for p in item.children if p.type == "paragraph")
    number = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 0
    lines: list[str] = []
    for item in items:
        marker = f"{number}{node.markup or '.'} " if node.type == "ordered_list" else "- "
        number += 1
        body = _blocks(item.children, tight=tight) or [""]
        if lines and not tight:
            lines.append("")
        lines.append(marker + body[0])
        lines.extend(("  " + line) if line else "" for line in body[1:])
    return lines


def _inline(node) -> str:
    parts: list[str] = []
    for child in node.children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "link":
            text = _inline(child)
            href = str(child.attrs.get("href", ""))
            shown = href.removeprefix("mailto:")
            parts.append(text if not href or shown == text or href == text else f"{text} ({href})")
        elif kind == "image":
            parts.append(_inline(child) or str(child.attrs.get("alt", "")))
        else:  # em, strong and anything else that only marks up its text
            parts.append(_inline(child))
    return "".join(parts)


def to_html(markdown: str, *, language: str = "en", title: str = "") -> str:
    """The body as a small HTML document (UTF-8, the message language as ``lang``)."""
    body = _shared_parser().render(markdown)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n"
        '<body style="font-family: sans-serif; line-height: 1.4;">\n'
        f"{body}</body>\n</html>\n"
    )
