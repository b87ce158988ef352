"""factcheck: finds where sources on one topic disagree on figures, dates and rankings."""

__version__ = "0.1.0"
