"""The text formats: self-contained HTML, Markdown, and the review JSON itself."""

from __future__ import annotations

from reviewer.models import Review
from reviewer.report.content import build_report_view
from reviewer.report.env import environment

TEMPLATES = {"html": "report/report.html.j2", "md": "report/report.md.j2"}


def render_text_report(review: Review, fmt: str, lang: str = "en") -> str:
    """The report as HTML or Markdown text."""
    view = build_report_view(review, lang)
    return environment().get_template(TEMPLATES[fmt]).render(view=view)


def render_json(review: Review) -> str:
    return review.model_dump_json(indent=2) + "\n"
