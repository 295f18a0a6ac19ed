"""Link availability: is every cited URL still there? (the L checks' engine)."""
