"""Who is who on ALX: organizations, users, memberships, platform roles, API tokens, CPV codes, the audit log."""
