"""The routes of the open interfaces, one module per kind of institution."""
