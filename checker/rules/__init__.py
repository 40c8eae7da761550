"""Rule data (TOML) and the code that loads it into a RuleSet (``load``, ``parts``).

A package, so that importlib.resources finds the TOML inside the wheel.
"""
