"""The reader's position kept in the archive between launches (pure data).

Stored with ``Archive.set_setting`` as JSON: the selected section, the sort,
the open article and the reader's scroll. Anything unreadable (an older or
hand-edited value, a section kind ``models.SECTION_KINDS`` does not know or a
heading) falls back to the defaults instead of failing the launch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsreader.models import SECTION_KINDS, SectionKey

__all__ = ["SETTING_KEY", "UiState"]

SETTING_KEY = "ui.state"
ALL = SectionKey("all")


@dataclass(frozen=True, slots=True)
class UiState:
    """Where the reader was: section, sort, open article, reader scroll (lines)."""

    scope: SectionKey = ALL
    sort: str = "rank"
    article: int | None = None
    scroll: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "scope": [self.scope.kind, list(self.scope.value)],
            "sort": self.sort,
            "article": self.article,
            "scroll": self.scroll,
        }

    @classmethod
    def from_json(cls, value: Any) -> UiState:
        if not isinstance(value, dict):
            return cls()
        scope = ALL
        raw = value.get("scope")
        if (
            isinstance(raw, list)
            and len(raw) == 2
            and isinstance(raw[0], str)
            and raw[0] in SECTION_KINDS
            and not SectionKey(raw[0]).is_heading
            and isinstance(raw[1], list)
            and all(isinstance(v, str) for v in raw[1])
        ):
            scope = SectionKey(raw[0], tuple(raw[1]))
        sort = "date" if value.get("sort") == "date" else "rank"
        article = value.get("article")
        if not isinstance(article, int) or isinstance(article, bool):
            article = None
        scroll = value.get("scroll")
        if not isinstance(scroll, int) or isinstance(scroll, bool) or scroll < 0:
            scroll = 0
        return cls(scope, sort, article, scroll)
