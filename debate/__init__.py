"""debate: structured debate and claim review in one offline SQLite file."""

__version__ = "0.1.0"
