"""The use cases: each takes a store and returns records, and none imports another
(but `demo`, a script of the others); `policy` holds the rules they share."""
