"""Stage 5: reporting — a report as plain text for the command line (JSON is ``Report.to_dict``)."""
