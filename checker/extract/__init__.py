"""Stage 2: what a message points to — its links and phone numbers."""
