"""The use cases: each takes a store and returns records; none imports another."""
