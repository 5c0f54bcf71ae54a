"""Parts every page shares, one module each: the page frame (`pages`), list parts (`list_parts`), the message bar
(`message_bar`), fields such as the date field (`fields`), labels and counted nouns (`labels`), confirmation
(`confirm`), text colours (`colours`) and printing (`printing`)."""
