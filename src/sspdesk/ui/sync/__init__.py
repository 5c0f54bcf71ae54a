"""The team folder in the GUI (issue 19): automatic rounds, their status and log, and the Teammappe setting."""
