"""Readers and writers of the file formats the app exchanges (no storage, no crypto)."""
