"""newsreader: read and search Chinese newspaper archives in the terminal.

The public API is the :class:`Archive`; see docs/architecture.md.
"""

from newsreader.archive import Archive
from newsreader.models import Article, Byline, Hit, ImportReport, SearchResult
from newsreader.store.schema import ArchiveError

__all__ = ["Archive", "ArchiveError", "Article", "Byline", "Hit", "ImportReport", "SearchResult"]
__version__ = "0.1.0"
