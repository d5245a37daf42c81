"""The objects the contract fuzzer needs to reach every operation's success path, made through
the API itself before Schemathesis runs (tests/fuzz/schemathesis.sh calls this).

Usage: python3 tests/fuzz/setup.py BASE_URL CONFIG VALUES_DIR

Reads the order to pay from CONFIG (tests/fuzz/schemathesis.toml, its `order_*` dictionaries),
verifies the demo person 张伟 for it and for reading his record, and creates through the API: a
quote, a paid payment with its receipt, verification sessions, a proof, and a family (members, a
family quote and a paid part). Every identifier they answer, and what the API lists (cities,
tiers, methods, the record's years), is written to VALUES_DIR as one Schemathesis dictionary
file (libFuzzer format) each, which the config's `from-file` entries read. The tokens are
printed as shell assignments, for the caller to `eval`.
"""

import json
import os
import shlex
import sys
import tomllib
import urllib.error
import urllib.request

base, config_path, values_dir = sys.argv[1:4]

# The demo's documented person, and the code and password the demo backend accepts for everyone.
PERSON = {"name": "张伟", "id_number": "110101198503072115", "mobile": "13800138000"}
SMS_CODE = "123456"
ECARD_PASSWORD = "135790"
# Relatives to add to his family: one whose consent he obtains (刘洋, a demo person insured in
# another city, whose payments the demo's bank declines), a minor (who needs no consent, so adding
# them again answers them again), and one for the fuzzer to remove.
CONSENTING = {"name": "刘洋", "id_number": "510107199001013315", "relationship": "spouse"}
MINOR = {"name": "张一诺", "id_number": "110105201605083026", "relationship": "child"}
REMOVABLE = {"name": "李秀英", "id_number": "110101195903022025", "relationship": "parent"}
WRONG_CODE = "000000"


def call(method, path, body=None, token=None, headers=None, expect=(200, 201)):
    """The answer's JSON; the status must be one of `expect`."""
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    if status not in expect:
        sys.exit(f"set-up: {method} {path} answered {status}, not {expect}: {text}")
    return json.loads(text) if text else None


def write(name, values):
    """One dictionary file: each value a quoted line (none needs escaping: see hooks.py)."""
    values = [str(value) for value in values]
    if not values or any(not value or '"' in value or "\\" in value or not value.isprintable() for value in values):
        sys.exit(f"set-up: no values, or values that need escaping, for the dictionary {name}: {values}")
    with open(os.path.join(values_dir, f"{name}.dict"), "w", encoding="utf-8") as file:
        file.writelines(f'"{value}"\n' for value in values)


def verified(session_id, *checks):
    """Passes `checks` ((path, body) each) on a session; the last answer's token."""
    answer = None
    for path, body in checks:
        answer = call("POST", f"/verifications/{session_id}/{path}", body)
    return answer["token"]


os.makedirs(values_dir, exist_ok=True)
with open(config_path, "rb") as file:
    dictionaries = tomllib.load(file)["dictionaries"]
order = {key: dictionaries[f"order_{key}"]["values"][0] for key in ("city", "product", "year")}
city = order["city"]
query = f"city={city}&product={order['product']}&year={order['year']}"
cities = [c["code"] for province in call("GET", "/regions") for c in province["cities"]]
write("cities", cities)

# Reading the record (two methods), then paying the order (one).
session = call("POST", "/verifications", {"purpose": "record", "city": city, **PERSON})["session_id"]
call("POST", f"/verifications/{session}/sms")
record_token = verified(session, ("sms/check", {"code": SMS_CODE}), ("ecard/check", {"password": ECARD_PASSWORD}))
session = call("POST", "/verifications", {"purpose": "pay", "order": order, **PERSON})["session_id"]
call("POST", f"/verifications/{session}/sms")
pay_token = verified(session, ("sms/check", {"code": SMS_CODE}))

# A session for each method the fuzzer checks, that this method alone can never complete, however
# often it passes: reading a record takes two methods, and the session's others are locked by
# wrong codes (face cannot be locked, so the sms and e-card sessions are in a city without it).
# A session started to look at a city's methods is kept for a later method it suits: each one
# left over is saved again by the backend on every call. (The list is tried from its end, where
# the demo has such a city.)
spare = []


def locked_session(method):
    def suits(session):
        others = [m for m in session["methods"] if m != method]
        # (Not where the methods go in order: a later one is refused until those before it pass.)
        return method in session["methods"] and "face" not in others and session["required"] > 1 and not session.get("in_order")

    session = next((s for s in spare if suits(s)), None)
    for code in reversed(cities):
        if session is not None:
            break
        started = call("POST", "/verifications", {"purpose": "record", "city": code, **PERSON})
        if suits(started):
            session = started
        else:
            spare.append(started)
    if session is None:
        sys.exit(f"set-up: no city where a session can be kept open for {method}")
    if session in spare:
        spare.remove(session)
    session_id = session["session_id"]
    for other in session["methods"]:
        if other == method:
            continue
        if other == "sms":
            call("POST", f"/verifications/{session_id}/sms")
        path, body = {"sms": ("sms/check", {"code": WRONG_CODE}), "ecard": ("ecard/check", {"password": WRONG_CODE})}[other]
        while call("POST", f"/verifications/{session_id}/{path}", body, expect=(422, 423))["status"] != 423:
            pass
    return session_id


sms_session, ecard_session, face_session = locked_session("sms"), locked_session("ecard"), locked_session("face")
call("POST", f"/verifications/{sms_session}/sms")
call("POST", f"/verifications/{face_session}/face", {"return_url": "/identity"})
write("sms_sessions", [sms_session])
write("ecard_sessions", [ecard_session])
write("face_sessions", [face_session])
write("sms_codes", [SMS_CODE])
write("ecard_passwords", [ECARD_PASSWORD])

# The order: its tiers and a quote, left unpaid for the fuzzer to pay.
tiers = [tier["code"] for tier in call("GET", f"/tiers?{query}", token=pay_token)["tiers"]]
write("tiers", tiers)
quote_id = call("POST", "/quotes", {"order": order, "choice": {"kind": "fixed", "tier": tiers[0]}}, pay_token)["quote_id"]
write("quote_ids", [quote_id])
write("payment_methods", [m["method"] for m in call("GET", f"/quotes/{quote_id}/payment-methods", token=pay_token)])

# A payment that succeeded, with its receipt: another year of the same product, paid with a pay
# token built on the record's verification (the same person, so the fuzzer's token reads it).
years = next(p["years"] for p in call("GET", f"/regions/{city}/products") if p["code"] == order["product"])
other_year = next(y["year"] for y in years if y["year"] != order["year"] and y["status"] in ("open", "back_payment"))
other_order = {**order, "year": other_year}
other_token = call("POST", "/verifications", {"purpose": "pay", "order": other_order, "prior_token": record_token})["verified"]["token"]
other_quote = call("POST", "/quotes", {"order": other_order, "choice": {"kind": "fixed", "tier": tiers[0]}}, other_token)["quote_id"]
method = call("GET", f"/quotes/{other_quote}/payment-methods", token=other_token)[0]["method"]
payment = call("POST", "/payments", {"quote_id": other_quote, "method": method}, other_token, {"idempotency-key": "fuzz-set-up-payment-0001"})
if payment["status"] == "requires_action":
    # The payer confirms in their wallet: the reference backend's stand-in provider is told.
    call("POST", f"/__cashier/{payment['payment_id']}/confirm")
if payment["status"] != "succeeded":
    payment = call("GET", f"/payments/{payment['payment_id']}", token=other_token)
if payment["status"] != "succeeded":
    sys.exit(f"set-up: the payment did not succeed: {payment}")
serial = payment["receipt_serial"]
receipt = call("GET", f"/receipts/{serial}", token=pay_token)
write("payment_ids", [payment["payment_id"]])
write("receipt_serials", [serial])
write("receipt_codes", [receipt["verify_url"].rsplit("code=", 1)[1], receipt["check_code"]])

# The record: its years, the spending pages, and a proof.
overview = call("GET", f"/record?city={city}", token=record_token)
write("record_years", overview["years"])
pages = call("GET", f"/record/medical-spending?city={city}", token=record_token)["pages"]
write("spending_pages", range(1, pages + 1))
write("proof_codes", [call("POST", "/record/proofs", {"city": city}, record_token)["code"]])

# The family: a relative who consents, a minor, and one to remove.
consenting = call("POST", "/family/members", CONSENTING, record_token)["member_id"]
call("POST", f"/family/members/{consenting}/consent", {"code": SMS_CODE}, record_token)
minor = call("POST", "/family/members", MINOR, record_token)["member_id"]
removable = call("POST", "/family/members", REMOVABLE, record_token)["member_id"]
write("consenting_members", [consenting])
write("minor_names", [MINOR["name"]])
write("minor_id_numbers", [MINOR["id_number"]])
write("minor_relationships", [MINOR["relationship"]])
write("removable_members", [removable])
# The cities whose record the fuzzer reads: the person's own, and where the relative is insured.
elsewhere = call("GET", f"/record?city={city}&member={consenting}", token=record_token, expect=(404,))["insured_in"]
write("record_city", [city])
write("record_cities", [city] + [c["code"] for c in elsewhere])

# A family order, paid with the payer's own pay token for it: a quote for both members, the
# minor's part paid (it succeeds). The relative's part is left to the fuzzer.
family_token = call("POST", "/verifications", {"purpose": "pay", "order": order, "prior_token": record_token})["verified"]["token"]
family_tiers = [tier["code"] for tier in call("GET", f"/family/status?{query}", token=record_token)["tiers"]]
write("family_tiers", family_tiers)
family_quote = call("POST", "/family/quotes", {"order": order, "tier": family_tiers[0], "members": [consenting, minor]}, family_token)
family_methods = [m["method"] for m in family_quote["methods"]]
part = {"quote_id": family_quote["quote_id"], "method": family_methods[0], "members": [minor]}
family_payment = call("POST", "/family/payments", part, family_token, {"idempotency-key": "fuzz-set-up-family-0001"})
if family_payment["status"] == "requires_action":
    # The payer confirms the part in their wallet: the stand-in provider is told.
    call("POST", f"/__cashier/{family_payment['payment_id']}/confirm")
write("family_quote_ids", [family_quote["quote_id"]])
write("family_methods", family_methods)
write("family_payment_ids", [family_payment["payment_id"]])

# From now on the bank declines every payment: an order the fuzzer pays stays payable, so each
# payment it makes is a new one (201) rather than a refusal of an order already paid. (One that
# waits for the wallet never settles: a new key closes it, and is a new payment too.)
switches = call("GET", "/__test/switches")
call("PUT", "/__test/switches", {**switches, "decline_payments": True})

for name, value in (("PAY_TOKEN", pay_token), ("RECORD_TOKEN", record_token), ("FAMILY_PAY_TOKEN", family_token)):
    print(f"{name}={shlex.quote(value)}")
