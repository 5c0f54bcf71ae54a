"""Indstillinger: profile, municipality, letters and preferences."""
