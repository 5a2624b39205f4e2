"""Markdown of the question banks rendered to safe HTML, once, in Python.

The widget inserts this HTML as is, in JupyterLab and in the static book; everything else from a bank
goes through ``textContent``. markdown-it-py runs with raw HTML disabled (it is escaped, so
``<img onerror=…>`` shows as text), images disabled (no request leaves the page) and links restricted
to http, https and mailto.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

_ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(_ALLOWED_SCHEMES)


def _link_open(self, tokens, idx, options, env):
    tokens[idx].attrSet("target", "_blank")
    tokens[idx].attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.validateLink = _safe_link
    md.add_render_rule("link_open", _link_open)
    return md


_MD = _parser()


def inline_html(text: str) -> str:
    """Render one line of Markdown (a question, a choice) without block elements."""
    return _MD.renderInline(text)


def block_html(text: str) -> str:
    """Render Markdown paragraphs (a feedback, an explanation)."""
    return _MD.render(text)
