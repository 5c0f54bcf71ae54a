"""Databeskyttelse: the audit log view, access requests, retention, erasure and correction."""
