"""The book: account files read strictly (yamlfile, convert) into tables (tables), checked (validate, checks)."""
