"""Stage 4: judging — combinations of parts become findings; findings become a verdict and score."""
