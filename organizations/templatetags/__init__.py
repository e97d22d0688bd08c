"""Template tags of ALX (built in for every template through settings.TEMPLATES)."""
