"""Stage 2, extract: a document's sentences become typed claims with their frames.

Takes: a `Document` and the `Knowledge`. Gives: `Claim` records (figures, dates, rankings, titles, acronyms),
each with its interval, period, speaker and frame (what it measures, whose, when, with which qualifiers), and
the diagnostics of what was dropped. reader.py runs the steps: sentences and tokens (text.py) -> mentions
(mentions.py, figures.py, context.py, numbers.py, units.py, dates.py) -> claims (claims.py) -> frames
(frames.py, frame_fields.py, names.py).
"""
