"""Chapter 8 of the document, 加快能源绿色转型: green energy transition."""

from __future__ import annotations
