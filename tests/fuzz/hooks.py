"""Schemathesis hook for tests/fuzz/schemathesis.sh: the values schemathesis.toml binds to an
operation's parameters become one more example of that operation.

The dictionaries feed the fuzzing and stateful phases only; the examples and coverage phases
take their positive values from the schema's examples (and from values they derive). So each
operation the config binds values to gets one example more, named `set-up`, first among its
examples: the first value of each dictionary bound to a required parameter, and the first of the
schema's body examples with each bound field it has set to the first value of its dictionary (an
array field `[*]` to all of them). Those phases then reach the success path too. The example is
added to the copy of the contract Schemathesis loads, not to public/openapi.yaml, and it is all
that changes: the schema's own examples, the generated values and the negative cases stay.
"""

import copy
import os
import tomllib

import schemathesis

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = "set-up"


def load_config():
    with open(os.path.join(HERE, "schemathesis.toml"), "rb") as file:
        config = tomllib.load(file)
    values = {}
    for name, dictionary in config.get("dictionaries", {}).items():
        if "values" in dictionary:
            values[name] = dictionary["values"]
        else:
            # The set-up's files: one quoted value a line, with nothing to escape.
            with open(os.path.join(HERE, dictionary["from-file"]), encoding="utf-8") as file:
                values[name] = [line.strip()[1:-1] for line in file if line.strip()]
    return config.get("operations", []), values


def with_example(examples, value):
    """`examples` (a name -> Example map, or None) with ours first."""
    return {EXAMPLE: {"value": value}, **(examples or {})}


def set_field(body, path, values):
    """Sets `body`'s field at `path` (`order.year`; `members[*]`, an array, to all of `values`),
    if the example has it (a field it leaves out may not go with those it has)."""
    *parents, leaf = path.split(".")
    leaf = leaf.removesuffix("[*]")
    for name in parents:
        body = body.get(name) if isinstance(body, dict) else None
    if isinstance(body, dict) and leaf in body:
        body[leaf] = list(values) if path.endswith("[*]") else values[0]


@schemathesis.hook
def before_load_schema(context, raw_schema):
    operations, values = load_config()
    components = raw_schema.get("components", {}).get("parameters", {})
    for item in raw_schema["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            for entry in operations:
                ids = entry.get("include-operation-id", [])
                if operation["operationId"] not in ([ids] if isinstance(ids, str) else ids):
                    continue
                bound = entry.get("parameters", {})
                integers = entry.get("generation", {}).get("dictionaries", {}).get("integer")
                parameters = []
                for parameter in operation.get("parameters", []):
                    if "$ref" in parameter:
                        parameter = components[parameter["$ref"].rsplit("/", 1)[1]]
                    parameter = copy.deepcopy(parameter)
                    binding = bound.get(f"{parameter['in']}.{parameter['name']}") or bound.get(parameter["name"])
                    value = None
                    if binding is not None:
                        value = values[binding["dictionary"]][0]
                    elif integers is not None and parameter.get("schema", {}).get("type") == "integer":
                        value = int(values[integers["dictionary"]][0])
                    if value is not None and parameter.get("required"):
                        examples = parameter.pop("examples", None) or {}
                        if "example" in parameter:
                            examples = {"schema": {"value": parameter.pop("example")}, **examples}
                        parameter["examples"] = with_example(examples, value)
                    parameters.append(parameter)
                if parameters:
                    operation["parameters"] = parameters
                fields = {key[len("body."):]: binding for key, binding in bound.items() if key.startswith("body.")}
                if fields:
                    media = operation["requestBody"]["content"]["application/json"]
                    examples = media.get("examples") or {}
                    body = copy.deepcopy(next(iter(examples.values())).get("value", {})) if examples else {}
                    for path, binding in fields.items():
                        set_field(body, path, values[binding["dictionary"]])
                    media["examples"] = with_example(examples, body)
