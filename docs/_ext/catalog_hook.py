"""MkDocs hook: render the check tables of the reference pages from the code.

``<!-- check-catalog -->`` in a page becomes a table of every check ``mlplugin verify``
can report (``scaffold.CHECK_CATALOG``: ID, step, severity, title, fix), so the summary
can never drift from what the tool emits. The prose sections below it add the host's
behaviour and examples.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- check-catalog -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalog_table(anchors: str = "") -> str:
    """The Markdown table of every check, in ID order.

    An ID links to its section when ``anchors`` (the page's Markdown) has one for it.
    """
    from scaffold import CHECK_CATALOG

    rows = ["| ID | step | severity | check | fix |", "|---|---|---|---|---|"]
    for check_id in sorted(CHECK_CATALOG):
        check = CHECK_CATALOG[check_id]
        shown = f"[{check_id}](#{check_id})" if f"{{ #{check_id} }}" in anchors else check_id
        rows.append(
            f"| {shown} | {check.step} | {check.severity} | "
            f"{_cell(check.title)} | {_cell(check.fix)} |"
        )
    return "\n".join(rows)


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Replace the marker with the generated table."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, catalog_table(markdown))
