#!/usr/bin/env python3
"""Validates a SARIF log against a JSON schema: validate-sarif.py SCHEMA LOG. Exit 0 when valid."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
validator = jsonschema.validators.validator_for(schema)(schema)
errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
for error in errors[:10]:
    print(f"{'/'.join(map(str, error.path)) or '(root)'}: {error.message}", file=sys.stderr)
sys.exit(1 if errors else 0)
