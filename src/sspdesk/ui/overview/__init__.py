"""Overblik: deadlines, meetings, dispositions, consents and the statistics view."""
