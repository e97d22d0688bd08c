"""ALX's one date and time format per language (FORMAT_MODULE_PATH); core.formatting writes with them."""
