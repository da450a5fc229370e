"""File formats in and out (Kialo, Argdown, AIF, our JSON, Markdown, DOT, HTML) and the
seminar transcript: pure functions between documents and trees."""
