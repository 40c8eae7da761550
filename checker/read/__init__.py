"""Stage 3: reading the message — the gate, named rules' matches, contexts, and the parts of a scam
(who it claims to be, pretext, ask, where the ask leads, pressure)."""
