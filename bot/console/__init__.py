"""The offline console adapter."""
