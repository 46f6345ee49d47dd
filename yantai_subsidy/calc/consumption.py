"""Chapter 5 of the document, 持续恢复和扩大消费: consumption."""

from __future__ import annotations
