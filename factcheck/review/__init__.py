"""Review decisions: what a person decided about a discrepancy, kept in `reviews.yaml` under version control.

Takes: a report and the decisions file. Gives: the report with each discrepancy's review state (new, accepted,
stale with what changed). decisions.py reads and writes the file under the claims folder's lock; seen.py
records, in words, what a decision saw.
"""
