"""Møder: the meeting list, detail, meeting mode, dispositions and contacts."""
