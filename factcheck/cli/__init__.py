"""The command line: a thin layer over the library (click, rich).

main.py holds the commands and their options; run/check.py, extract/reader.py, review.py and add.py run one command each;
terminal.py decides colour, width and progress.
"""
