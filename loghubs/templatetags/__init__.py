"""Template tags of LogHubs."""
