"""What commands print: one-line messages, the --json documents and the rich views."""
