"""Stage 1 of a check: normalised views of the message, each mapping back to the original text."""
