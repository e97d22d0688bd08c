"""The matching evaluation set: its generated YAML, the generator and the catalogues it draws from."""
