"""State kept between runs: atomic writes, the claim store, the story cache.

Takes: what extraction and comparison made. Gives: the same back on the next run when, and only when, it can be
vouched for (digests of content, inputs and code). storage.py writes atomically under one writer's lock;
claim_store.py holds each source's claim file and validates records only when they are read; story_cache.py
keeps what comparing each story and family found.
"""
