"""Pages of accounts, one module per audience."""
