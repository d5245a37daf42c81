"""How many of each operation's test cases got a 2xx, from a Schemathesis NDJSON report.

Usage: python tests/fuzz/report.py SCHEMA TAG_REGEX NDJSON JSON_REPORT

Prints a row per operation the run selected (its tags match TAG_REGEX): the cases sent with its
method that got a 2xx, and all its cases (every phase; the coverage phase's requests with
methods the operation does not declare included, though a 2xx to those does not count). Then the
warnings Schemathesis reported (its JSON report). Exits 1 when an operation whose contract has
a 2xx answer got none, or when there is any warning.
"""

import json
import re
import sys
from collections import Counter

import yaml

schema_path, tags, ndjson_path, json_path = sys.argv[1:5]
with open(schema_path, encoding="utf-8") as file:
    paths = yaml.safe_load(file)["paths"]
selected = re.compile(f"^({tags})$")
# label -> whether the contract gives it a 2xx answer
operations = {
    f"{method.upper()} {path}": any(str(code).startswith("2") for code in operation.get("responses", {}))
    for path, item in paths.items()
    for method, operation in item.items()
    if isinstance(operation, dict) and any(selected.match(tag) for tag in operation.get("tags", []))
}

total, succeeded = Counter(), Counter()
with open(ndjson_path, encoding="utf-8") as file:
    for line in file:
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if finished is None:
            continue
        recorder = finished["recorder"]
        for case_id, interaction in recorder.get("interactions", {}).items():
            case = recorder["cases"][case_id]["value"]
            # A unit phase's scenario is one operation, whatever method a case tried; a stateful
            # scenario goes through several.
            label = recorder["label"] if recorder["label"] in operations else f"{case['method']} {case['path']}"
            total[label] += 1
            response = interaction.get("response")
            if response is not None and 200 <= response["status_code"] < 300 and label.startswith(f"{case['method']} "):
                succeeded[label] += 1

width = max(map(len, operations))
print(f"{'operation':<{width}}  {'2xx':>6}  {'cases':>6}")
failed = []
for label in sorted(operations, key=lambda label: (label.split(" ", 1)[1], label)):
    note = ""
    if not succeeded[label]:
        if operations[label]:
            failed.append(label)
            note = "  <- no 2xx"
        else:
            note = "  (no 2xx in the contract)"
    print(f"{label:<{width}}  {succeeded[label]:>6}  {total[label]:>6}{note}")
print(f"{'all':<{width}}  {sum(succeeded.values()):>6}  {sum(total.values()):>6}")

try:
    with open(json_path, encoding="utf-8") as file:
        warnings = {kind: labels for kind, labels in json.load(file)["warnings"].items() if labels}
except (OSError, ValueError):
    warnings = {"report": ["Schemathesis wrote no JSON report: the run did not finish"]}
print("warnings: " + (json.dumps(warnings, ensure_ascii=False) if warnings else "none"))
if failed:
    print(f"no 2xx for {len(failed)} operation(s) that have one in the contract: {', '.join(failed)}")
sys.exit(1 if failed or warnings else 0)
