"""ALX's one date and time format per language (FORMAT_MODULE_PATH); config.formatting writes with them."""
