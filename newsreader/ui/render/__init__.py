"""Turning articles into terminal lines: wrapping, marks and safe strips."""
