"""Udveksling: bundles to and from colleagues, import, conflicts and the fagsystem export."""
