"""Mentoring pages, one module per subject; see each module for its views."""
