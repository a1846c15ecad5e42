"""Everything that imports Textual lives in this package, and nothing outside it does."""
