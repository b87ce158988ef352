"""Configuration: the English vocabularies in `data/`, a corpus's own additions, and the project's settings.

Takes: the data files shipped here, a corpus's `factcheck.yaml`, `[tool.factcheck]` in `pyproject.toml`, the
environment. Gives: `Knowledge` (the merged vocabularies, knowledge.py), `FrameVocab` (frames.yaml compiled,
vocab.py), `Project` (where corpus, claims and reports live, project.py). Imports nothing of the pipeline.
"""
