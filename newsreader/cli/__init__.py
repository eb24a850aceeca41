"""The click command line: one module per group of commands."""
