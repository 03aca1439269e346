"""Shared test doubles: a fake clock, scripted conversations (and fake Bot API servers)."""
