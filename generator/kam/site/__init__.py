"""The site: pages as {source path: Markdown} from the book, its metrics and the settings.

Free of MkDocs (``kam.plugin`` is the adapter), so the site could move to
another builder without touching load, validate or metrics.
"""

from .pages import REPORT_BODIES, REPORTS, build_pages, nav

__all__ = ["REPORTS", "REPORT_BODIES", "build_pages", "nav"]
