"""Text -> index tokens: overlapping CJK bigrams with marks, and pinyin keys."""
