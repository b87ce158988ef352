"""Stage 4, compare: lined-up groups put through their rules, in words.

Takes: a family's or a story's lined-up claims. Gives: `Discrepancy` and `Corroboration` records. One rule a
module in rules/ (figures, dates, rankings, acronyms); findings.py splits a group by period and words the
subject; copies.py counts sources that copy each other once; rates.py converts currencies at the rates a story
states; family.py compares one family (a task a worker can run).
"""
