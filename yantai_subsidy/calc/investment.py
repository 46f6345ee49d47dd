"""Chapter 4 of the document, 持续扩大有效投资: effective investment."""

from __future__ import annotations
