"""The dashboard: the page a user starts the day on, composed from every app's "work waiting for you"."""
