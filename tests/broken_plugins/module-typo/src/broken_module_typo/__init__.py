"""Entry point names a module that does not exist."""
