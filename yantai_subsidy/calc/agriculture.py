"""Chapter 1 of the document, 推动农业高质量发展: agriculture."""

from __future__ import annotations
