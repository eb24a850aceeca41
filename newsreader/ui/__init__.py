"""The Textual reader. Importing this package does not import Textual;
``newsreader.ui.app`` does."""
