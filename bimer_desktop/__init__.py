"""The application shell: CLI, configuration and the composition root."""
