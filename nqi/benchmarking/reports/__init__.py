"""Benchmarking report documents: content (bilingual), Word (python-docx) and PDF (WeasyPrint, when installed)."""
