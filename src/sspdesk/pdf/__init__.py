"""Printed documents (reportlab): case forms, agendas, minutes, consent forms, letters.

Every builder returns the PDF as bytes; nothing is written to disk unless the user chooses where
(`save_pdf`), so no temporary PDF with personal data is ever left behind.
"""
