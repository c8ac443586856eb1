"""Developer tools (not shipped in the bundle)."""
