"""The book in git: versions (gitstore), history, what a change means (diff), ownership (codeowners)."""
