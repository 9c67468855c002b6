#!/usr/bin/env python3
"""Validates STIX 2.1 bundles against the OASIS JSON schemas.

usage: stix_validate.py SCHEMA_DIR BUNDLE.json...

Every bundle is checked against common/bundle.json and every object of it
against the schema of its type (sdos/, sros/, observables/, common/). $refs
resolve to the local schema files (a store keyed by each file's $id), never
to the network. Also checks what the schemas cannot: unique ids, and
spec_version "2.1" on every object. Prints each failing object with the
error; exits 1 when anything failed.
"""
import json
import os
import sys

import jsonschema

try:  # jsonschema >= 4.18
    import referencing
    import referencing.jsonschema
except ImportError:  # older jsonschema: RefResolver
    referencing = None


def load_schemas(root):
    by_id, by_path = {}, {}
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            by_id[schema["$id"]] = schema
            by_path[os.path.relpath(path, root)] = schema
    return by_id, by_path


def make_validator(schema, by_id):
    cls = jsonschema.validators.validator_for(schema)
    if referencing is not None:
        registry = referencing.Registry().with_resources(
            (uri, referencing.jsonschema.DRAFT202012.create_resource(s)) for uri, s in by_id.items())
        return cls(schema, registry=registry)
    resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=by_id)
    return cls(schema, resolver=resolver)


def schema_for(obj_type, by_path):
    for folder in ("sdos", "sros", "observables", "common"):
        schema = by_path.get(os.path.join(folder, obj_type + ".json"))
        if schema is not None:
            return schema
    return None


def bundle_listed_types(bundle_schema):
    refs = json.dumps(bundle_schema["properties"]["objects"])
    return {os.path.basename(r)[:-len(".json")] for r in
            (part.split('"')[0] for part in refs.split('"$ref": "')[1:])}


def report(path, obj, message):
    text = json.dumps(obj, sort_keys=True)
    if len(text) > 2000:
        text = text[:2000] + "..."
    print(f"FAIL {path}: {obj.get('id', '?') if isinstance(obj, dict) else '?'}: {message}\n  {text}")


def validate_bundle(path, by_id, by_path, validators):
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    failures = 0
    bundle_validator = validators.setdefault("bundle", make_validator(by_path["common/bundle.json"], by_id))
    objects = bundle.get("objects", []) if isinstance(bundle, dict) else []
    if not objects:
        report(path, bundle, "bundle has no objects")
        failures += 1
    seen = set()
    for obj in objects:
        obj_type = obj.get("type", "")
        schema = schema_for(obj_type, by_path)
        if schema is None:
            report(path, obj, f"no schema for type {obj_type!r}")
            failures += 1
            continue
        validator = validators.setdefault(obj_type, make_validator(schema, by_id))
        errors = sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path))
        for error in errors:
            report(path, obj, f"{'/'.join(map(str, error.absolute_path))}: {error.message}")
        failures += len(errors)
        if obj.get("spec_version") != "2.1":
            report(path, obj, "spec_version is not \"2.1\"")
            failures += 1
        if obj.get("id") in seen:
            report(path, obj, "duplicate id")
            failures += 1
        seen.add(obj.get("id"))
    if failures == 0:
        # Per-object checks passed; now the bundle schema as a whole. Its
        # list of object types omits some SDOs (location, note, ...), and
        # those fail its "custom object" branch, so they are left out here:
        # each was validated against its own schema above.
        listed = bundle_listed_types(by_path["common/bundle.json"])
        envelope = dict(bundle, objects=[o for o in objects if o.get("type") in listed])
        for error in bundle_validator.iter_errors(envelope):
            report(path, {"id": bundle.get("id")}, error.message[:500])
            failures += 1
    print(f"{path}: {len(objects)} objects, {failures} failures")
    return failures


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    by_id, by_path = load_schemas(argv[1])
    validators = {}
    failures = sum(validate_bundle(p, by_id, by_path, validators) for p in argv[2:])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
