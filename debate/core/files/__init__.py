"""Export formats: pure functions from a weighted tree to a document."""
