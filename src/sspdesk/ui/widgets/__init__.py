"""Parts every page shares: the page frame, list parts, message bar, date field, confirmation, printing."""
