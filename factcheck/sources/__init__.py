"""Stage 1, sources: files become documents.

Takes: paths. Gives: `Document` records (document.py): the original text, line starts, metadata from front
matter or a plain article's first lines, and a scan view with markup, URLs and reference lists blanked out at
unchanged offsets (markup.py). A file that cannot be read is a fatal `Diagnostic` naming it, never an empty
source. convert.py turns HTML and PDF into text for `factcheck add`.
"""
