"""The exports' printable HTML page: Markdown rendered into one self-contained page, no scripts."""

from __future__ import annotations

import html

from markdown_it import MarkdownIt

from sessions.markdown import plain_line, strip_controls

_CSS = """\
:root { color-scheme: light; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
  line-height: 1.5; color: #1a1a1a; background: #fff;
  max-width: 50rem; margin: 2rem auto; padding: 0 1.5rem;
}
h1 { font-size: 1.9rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .3rem; }
h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; }
th, td { border: 1px solid #777; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre { background: #f4f4f4; border: 1px solid #ccc; padding: .6rem; overflow-x: auto;
  white-space: pre-wrap; }
li { margin: .15rem 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, pre, li { break-inside: avoid; page-break-inside: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
  pre { background: none; }
}
"""


def _renderer() -> MarkdownIt:
    # Raw HTML is off, so nothing anyone typed can become a tag; linkify stays off too.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def html_page(title: str, markdown: str) -> str:
    """Return `markdown` (already escaped) as the charter's printable, self-contained page."""
    body = _renderer().render(markdown)
    title = html.escape(plain_line(title))
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
    return strip_controls(page)
