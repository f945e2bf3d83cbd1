"""Scores the extractor against the hand-written gold sets in tests/gold/."""
