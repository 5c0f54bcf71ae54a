"""Samtykker: consent declarations (Bilag 6), their editor, dialogs and the badge on a case."""
