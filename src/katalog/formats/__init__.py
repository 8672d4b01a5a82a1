"""Number formats per language (FORMAT_MODULE_PATH): Indonesian number formats in every language."""
