"""Orchestration: the pipeline as named steps, and where its work runs.

Takes: the paths of a corpus and its settings. Gives: a `Report` and the files written. pipeline.py extracts
every source (or reads its claims back from the claims folder); compare_corpus.py compares story by story;
check.py builds the report, applies the reviews and writes the outputs; runner.py sends work to this process,
a pool of local processes, or a Dask cluster.
"""
