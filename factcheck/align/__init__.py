"""Stage 3, align: which claims are about the same thing.

Takes: the claims of a corpus. Gives: stories (sources about one thing, stories.py), families inside a story
(what can be compared with what, scoring.py) and, inside a family, groups of claims lined up as one subject
(matching.py), found from bounded candidate pairs (blocking.py) and lined up in parts so that an edit lines up
again only what it reaches (family_parts.py). Never by a topic list: frames and word rarity decide.
"""
