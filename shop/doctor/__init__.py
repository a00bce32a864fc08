"""`shop doctor`: every production requirement checked, one line each with its fix."""
