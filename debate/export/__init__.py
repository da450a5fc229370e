"""Export formats. Pure: each turns a weighted tree into text."""
