"""The base layer every app may use: the domain error, API base, forms, files, formats, PDF and job plumbing."""
