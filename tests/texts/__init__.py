"""Tests of the text catalogue that every part of the shop reads."""
