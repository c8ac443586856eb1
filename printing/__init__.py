"""Printouts as PDF bytes (reportlab, DejaVu Sans embedded, Code 128 barcodes); no Qt here."""
