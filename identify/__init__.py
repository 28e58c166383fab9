"""Identification: candidate identifications and the rules of their human review."""
