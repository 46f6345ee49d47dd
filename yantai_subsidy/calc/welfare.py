"""Chapter 10 of the document, 强化民生保障: livelihoods and welfare."""

from __future__ import annotations
