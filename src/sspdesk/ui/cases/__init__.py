"""Sager: the case list, the DKE-Sag/DKE-Journal editor and its dialogs."""
