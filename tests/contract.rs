//! The published contract (public/openapi.yaml) and the app's serde types must agree: every
//! request and response example in the spec deserialises into the type the app uses for it,
//! every error example is a known problem type with its status, and the operations table
//! (src/api/operations.rs) has one row for each operation, with its method and path.
#![cfg(not(target_arch = "wasm32"))]

use insurance_pay::api::operations::{Retry, OPERATIONS};
use insurance_pay::api::problem::{Problem, PROBLEM_TYPES, PROBLEM_TYPE_PREFIX};
use insurance_pay::api::*;
use serde::de::DeserializeOwned;
use serde_norway::Value;
use std::collections::BTreeSet;

fn spec() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/openapi.yaml")).expect("spec");
    serde_norway::from_str(&text).expect("valid YAML")
}

/// Follows a local `$ref` (`#/components/...`).
fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference.trim_start_matches("#/").split('/').fold(spec, |n, key| &n[key]),
        None => node,
    }
}

fn check<T: DeserializeOwned>(what: &str, value: &Value) {
    if let Err(e) = serde_norway::from_value::<T>(value.clone()) {
        panic!("{what}: example does not fit {}: {e}\n{value:?}", std::any::type_name::<T>());
    }
}

/// The app type for an operation's success response.
fn check_response(operation: &str, value: &Value) {
    match operation {
        "listRegions" => check::<Vec<Province>>(operation, value),
        "listProducts" => check::<Vec<Product>>(operation, value),
        "startVerification" => check::<VerificationSession>(operation, value),
        "sendSmsCode" => check::<SmsSent>(operation, value),
        "checkSmsCode" | "checkEcardPassword" | "faceResult" => check::<Verified>(operation, value),
        "startFace" => check::<FaceHandoff>(operation, value),
        "refreshToken" => check::<TokenRefreshed>(operation, value),
        "insuredProfile" => check::<InsuredProfile>(operation, value),
        "tierOptions" => check::<TierOptions>(operation, value),
        "createQuote" => {
            check::<Quote>(operation, value);
            let quote: Quote = serde_norway::from_value(value.clone()).unwrap();
            assert_eq!(quote.breakdown.check(), Ok(()), "the example quote must add up");
        }
        "paymentMethods" => check::<Vec<PaymentMethodOffer>>(operation, value),
        "createPayment" | "getPayment" | "cancelPayment" => check::<Payment>(operation, value),
        "getReceipt" => check::<Receipt>(operation, value),
        "checkReceipt" => {
            check::<ReceiptCheck>(operation, value);
            let found: ReceiptCheck = serde_norway::from_value(value.clone()).unwrap();
            assert!(found.holder.chars().skip(1).all(|c| c == '*'), "the public check's name must be masked");
        }
        "getRecord" => check::<RecordOverview>(operation, value),
        "getRecordYear" => {
            check::<RecordYear>(operation, value);
            let year: RecordYear = serde_norway::from_value(value.clone()).unwrap();
            assert_eq!(year.check(), Ok(()), "the example year must add up");
        }
        "getMedicalSpending" => check::<SpendingPage>(operation, value),
        "createRecordProof" | "checkRecordProof" => check::<RecordProof>(operation, value),
        "getFamily" | "removeFamilyMember" => {
            check::<Family>(operation, value);
            let family: Family = serde_norway::from_value(value.clone()).unwrap();
            assert!(family.members.len() as u32 <= family.max_members, "{operation}: the example family holds more than max_members");
            family.members.iter().for_each(member_is_masked);
        }
        "addFamilyMember" | "requestFamilyConsent" | "confirmFamilyConsent" => {
            check::<FamilyMember>(operation, value);
            member_is_masked(&serde_norway::from_value(value.clone()).unwrap());
        }
        "getFamilyStatus" => check::<FamilyStatus>(operation, value),
        "createFamilyQuote" => {
            check::<FamilyQuote>(operation, value);
            let quote: FamilyQuote = serde_norway::from_value(value.clone()).unwrap();
            assert_eq!(quote.check(), Ok(()), "the example family quote's blocks and total must add up");
            assert!(quote.blocks.iter().all(|b| b.masked_id.contains("**********")), "block ID numbers must be masked");
        }
        "createFamilyPayment" | "getFamilyPayment" => check::<FamilyPayment>(operation, value),
        other => panic!("operation {other} has no app type: add it here and to the ApiClient trait"),
    }
}

/// A family member in an answer shows the masks a backend sends (the whole ID number travels
/// only in the request that adds them), and the fields its consent has.
fn member_is_masked(member: &FamilyMember) {
    assert!(member.name.chars().skip(1).all(|c| c == '*') && member.name.chars().count() >= 2, "{}: name not masked", member.member_id);
    assert!(member.id_number.contains("**********"), "{}: ID number not masked", member.member_id);
    assert_eq!(member.code_sent_to.is_some(), member.consent == Consent::Pending, "{}: code_sent_to only while pending", member.member_id);
    assert!(member.code_sent_to.as_deref().is_none_or(|m| m.contains("****")), "{}: mobile not masked", member.member_id);
    assert_eq!(member.withdrawn_at.is_some(), member.consent == Consent::Withdrawn, "{}: withdrawn_at only when withdrawn", member.member_id);
    assert_eq!(member.consent_until.is_some(), matches!(member.consent, Consent::Granted | Consent::Expired), "{}: consent_until when granted or expired", member.member_id);
    assert_eq!(member.minor, member.consent == Consent::NotNeeded, "{}: a minor needs no consent, an adult does", member.member_id);
}

fn check_request(operation: &str, value: &Value) {
    match operation {
        "startVerification" => check::<StartVerification>(operation, value),
        "checkSmsCode" => check::<CodeCheck>(operation, value),
        "checkEcardPassword" => check::<PasswordCheck>(operation, value),
        "startFace" => check::<FaceStart>(operation, value),
        "createQuote" => check::<QuoteRequest>(operation, value),
        "createPayment" => check::<CreatePayment>(operation, value),
        "checkReceipt" => check::<ReceiptCheckRequest>(operation, value),
        "createRecordProof" => check::<ProofRequest>(operation, value),
        "addFamilyMember" => check::<AddMember>(operation, value),
        "confirmFamilyConsent" => check::<ConsentCode>(operation, value),
        "createFamilyQuote" => check::<FamilyQuoteRequest>(operation, value),
        "createFamilyPayment" => check::<CreateFamilyPayment>(operation, value),
        other => panic!("operation {other} has a request body the app does not send"),
    }
}

fn examples<'a>(spec: &'a Value, media: &'a Value) -> Vec<&'a Value> {
    media.get("examples").and_then(Value::as_mapping).map(|m| m.values().map(|e| &resolve(spec, e)["value"]).collect()).unwrap_or_default()
}

#[test]
fn every_example_fits_the_app_types_and_every_problem_is_known() {
    let spec = spec();
    let mut operations = BTreeSet::new();
    let mut contract = BTreeSet::new();
    let mut keyed = BTreeSet::new();
    let mut problem_slugs = BTreeSet::new();
    let (mut responses_checked, mut requests_checked, mut problems_checked) = (0, 0, 0);
    for (path, item) in spec["paths"].as_mapping().expect("paths") {
        for (method, operation) in item.as_mapping().expect("path item") {
            let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{path:?} {method:?} has no operationId")).to_string();
            assert!(operations.insert(id.clone()), "duplicate operationId {id}");
            contract.insert((id.clone(), method.as_str().expect("method").to_uppercase(), path.as_str().expect("path").to_string()));
            let parameters = operation.get("parameters").and_then(Value::as_sequence).map(Vec::as_slice).unwrap_or_default();
            if parameters.iter().any(|p| resolve(&spec, p)["name"].as_str() == Some("Idempotency-Key")) {
                keyed.insert(id.clone());
            }
            if let Some(body) = operation.get("requestBody") {
                let media = &resolve(&spec, body)["content"]["application/json"];
                let found = examples(&spec, media);
                assert!(!found.is_empty(), "{id}: request body without examples");
                for example in found {
                    check_request(&id, example);
                    requests_checked += 1;
                }
            }
            for (status, response) in operation["responses"].as_mapping().expect("responses") {
                let response = resolve(&spec, response);
                let content = response["content"].as_mapping().unwrap_or_else(|| panic!("{id} {status:?}: no content"));
                for (media_type, media) in content {
                    let found = examples(&spec, media);
                    assert!(!found.is_empty(), "{id} {status:?} {media_type:?}: no examples");
                    for example in found {
                        if media_type.as_str() == Some("application/problem+json") {
                            let problem: Problem = serde_norway::from_value(example.clone()).unwrap_or_else(|e| panic!("{id}: {e}"));
                            let slug = problem.problem_type.strip_prefix(PROBLEM_TYPE_PREFIX).unwrap_or_else(|| panic!("{id}: type {}", problem.problem_type)).to_string();
                            let known = PROBLEM_TYPES.iter().find(|(s, _)| *s == slug.as_str()).unwrap_or_else(|| panic!("{id}: unknown problem {slug}"));
                            assert_eq!(known.1, problem.status, "{id}: {slug} must have status {}", known.1);
                            if let Some(code) = status.as_str().and_then(|s| s.parse::<u16>().ok()) {
                                assert_eq!(code, problem.status, "{id}: example under {code} says {}", problem.status);
                            }
                            assert!(!matches!(problem.into_error(), ApiError::BadResponse(_)));
                            problem_slugs.insert(slug);
                            problems_checked += 1;
                        } else {
                            assert_eq!(media_type.as_str(), Some("application/json"), "{id}");
                            check_response(&id, example);
                            responses_checked += 1;
                        }
                    }
                }
            }
        }
    }
    // The operations table (src/api/operations.rs) is the contract's operations, row for row:
    // each operation has a row with its method and path, and each row names an operation.
    let table: BTreeSet<(String, String, String)> = OPERATIONS.iter().map(|o| (o.id.to_string(), o.method.to_string(), o.path.to_string())).collect();
    assert_eq!(table.len(), OPERATIONS.len(), "src/api/operations.rs has a row twice");
    let missing: Vec<_> = contract.difference(&table).collect();
    let unknown: Vec<_> = table.difference(&contract).collect();
    assert!(missing.is_empty() && unknown.is_empty(), "operations of the contract with no row in src/api/operations.rs: {missing:?}\nrows that name no operation of the contract: {unknown:?}");
    // A write is sent again only where a repeat is harmless: its Idempotency-Key says so, or
    // the row's comment does.
    for o in OPERATIONS.iter().filter(|o| keyed.contains(o.id)) {
        assert_eq!(o.retry, Retry::Safe, "{}: its Idempotency-Key makes it safe to send again", o.id);
    }
    let all_slugs: BTreeSet<String> = PROBLEM_TYPES.iter().map(|(s, _)| s.to_string()).collect();
    assert_eq!(problem_slugs, all_slugs, "every problem type has an example");
    println!(
        "contract: {} operations, {} response examples, {} request examples, {} problem examples checked",
        operations.len(),
        responses_checked,
        requests_checked,
        problems_checked
    );
}

#[test]
fn money_in_the_spec_is_always_a_decimal_string() {
    let spec = spec();
    let money = &spec["components"]["schemas"]["Money"];
    assert_eq!(money["type"].as_str(), Some("string"));
    let pattern = money["pattern"].as_str().unwrap();
    assert_eq!(pattern, r"^[0-9]{1,9}(\.[0-9]{1,2})?$");
}
