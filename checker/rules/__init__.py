"""Rule data (TOML) read by checker.ruleset; a package so importlib.resources finds it inside the wheel."""
