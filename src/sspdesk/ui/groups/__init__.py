"""Grupper: bekymringsgrupper, their editor and dialogs."""
