"""Unit tests of the pure shopping conversation."""
