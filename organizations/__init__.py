"""Who is who on ALX: organizations, users, memberships, platform roles, API tokens, CPV vocabulary and the audit log."""
