"""The catalog in the application: one service behind the CLI, the API and the pages."""
