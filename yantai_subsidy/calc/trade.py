"""Chapter 6 of the document, 加快培育内外贸新动能: domestic and foreign trade."""

from __future__ import annotations
