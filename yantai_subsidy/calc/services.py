"""Chapter 3 of the document, 推动服务业突破发展: services."""

from __future__ import annotations
