//! Every operation of public/openapi.yaml, named once: its operationId, method, path template
//! and whether a request may be sent again. The HTTP client builds its requests from it, the
//! demo's scripted failures (the gallery) are keyed by it, and tests/contract.rs fails when a
//! row and the contract disagree.

/// Whether a request may be sent again after a network error or a 502/503/504.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    Never,
    /// Reads, and writes whose repeat is harmless (an Idempotency-Key, or the same answer again).
    Safe,
}

/// One operation of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    pub id: &'static str,
    pub method: &'static str,
    /// The template, with `{name}` for each path parameter.
    pub path: &'static str,
    pub retry: Retry,
}

macro_rules! operations {
    ($($op:ident: $id:literal $method:literal $path:literal $retry:ident,)*) => {
        /// An operation, by name: its row is `spec()`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Op { $($op),* }

        impl Op {
            /// Its row. With a constant `Op` this folds to that row's fields.
            #[inline(always)]
            pub const fn spec(self) -> Operation {
                match self { $(Op::$op => Operation { id: $id, method: $method, path: $path, retry: Retry::$retry }),* }
            }
        }

        /// The whole table, in the contract's order (for tests: the app reads rows by `Op`).
        pub const OPERATIONS: &[Operation] = &[$(Op::$op.spec()),*];
    };
}

operations! {
    ListRegions: "listRegions" "GET" "/regions" Safe,
    ListProducts: "listProducts" "GET" "/regions/{city}/products" Safe,
    StartVerification: "startVerification" "POST" "/verifications" Never,
    SendSmsCode: "sendSmsCode" "POST" "/verifications/{session_id}/sms" Never,
    CheckSmsCode: "checkSmsCode" "POST" "/verifications/{session_id}/sms/check" Never,
    CheckEcardPassword: "checkEcardPassword" "POST" "/verifications/{session_id}/ecard/check" Never,
    StartFace: "startFace" "POST" "/verifications/{session_id}/face" Never,
    FaceResult: "faceResult" "GET" "/verifications/{session_id}/face" Safe,
    // Asking twice only gives the same time again.
    RefreshToken: "refreshToken" "POST" "/tokens/refresh" Safe,
    InsuredProfile: "insuredProfile" "GET" "/insured" Safe,
    TierOptions: "tierOptions" "GET" "/tiers" Safe,
    CreateQuote: "createQuote" "POST" "/quotes" Never,
    PaymentMethods: "paymentMethods" "GET" "/quotes/{quote_id}/payment-methods" Safe,
    // Its Idempotency-Key makes a repeat the same payment.
    CreatePayment: "createPayment" "POST" "/payments" Safe,
    GetPayment: "getPayment" "GET" "/payments/{payment_id}" Safe,
    CancelPayment: "cancelPayment" "POST" "/payments/{payment_id}/cancel" Never,
    GetReceipt: "getReceipt" "GET" "/receipts/{serial}" Safe,
    CheckReceipt: "checkReceipt" "POST" "/receipt-checks" Never,
    GetRecord: "getRecord" "GET" "/record" Safe,
    GetRecordYear: "getRecordYear" "GET" "/record/years/{year}" Safe,
    GetMedicalSpending: "getMedicalSpending" "GET" "/record/medical-spending" Safe,
    // Asking again gives the same proof.
    CreateRecordProof: "createRecordProof" "POST" "/record/proofs" Safe,
    CheckRecordProof: "checkRecordProof" "GET" "/record/proofs/{code}" Safe,
    GetFamily: "getFamily" "GET" "/family" Safe,
    AddFamilyMember: "addFamilyMember" "POST" "/family/members" Never,
    // Removing a member twice leaves the same family.
    RemoveFamilyMember: "removeFamilyMember" "DELETE" "/family/members/{member_id}" Safe,
    RequestFamilyConsent: "requestFamilyConsent" "POST" "/family/members/{member_id}/consent-requests" Never,
    // The same code again after no answer finds the consent given.
    ConfirmFamilyConsent: "confirmFamilyConsent" "POST" "/family/members/{member_id}/consent" Safe,
    GetFamilyStatus: "getFamilyStatus" "GET" "/family/status" Safe,
    CreateFamilyQuote: "createFamilyQuote" "POST" "/family/quotes" Never,
    // Its Idempotency-Key makes a repeat the same payment.
    CreateFamilyPayment: "createFamilyPayment" "POST" "/family/payments" Safe,
    GetFamilyPayment: "getFamilyPayment" "GET" "/family/payments/{payment_id}" Safe,
}

impl Operation {
    /// The path, each `{…}` of the template replaced by the next of `segments` (already encoded).
    pub fn path_with(&self, segments: &[&str]) -> String {
        let (mut path, mut rest) = (String::new(), self.path);
        for segment in segments {
            let Some((head, tail)) = rest.split_once('{') else { break };
            path.push_str(head);
            path.push_str(segment);
            rest = tail.split_once('}').map_or("", |(_, after)| after);
        }
        path + rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_its_template_filled_in() {
        assert_eq!(Op::ListRegions.spec().path_with(&[]), "/regions");
        assert_eq!(Op::ListProducts.spec().path_with(&["110100"]), "/regions/110100/products");
        assert_eq!(Op::CheckSmsCode.spec().path_with(&["s%2F1"]), "/verifications/s%2F1/sms/check");
        assert_eq!(Op::RequestFamilyConsent.spec().path_with(&["m-1"]), "/family/members/m-1/consent-requests");
    }

    #[test]
    fn every_template_is_well_formed_and_every_row_is_named_once() {
        for op in OPERATIONS {
            let parameters = op.path.matches('{').count();
            assert_eq!(parameters, op.path.matches('}').count(), "{}", op.id);
            let filled = op.path_with(&vec!["x"; parameters]);
            assert!(!filled.contains(['{', '}']), "{} → {filled}", op.id);
            assert_eq!(OPERATIONS.iter().filter(|o| o.id == op.id || (o.method, o.path) == (op.method, op.path)).count(), 1, "{}", op.id);
        }
    }

    #[test]
    fn only_writes_whose_repeat_is_harmless_are_sent_again() {
        for op in OPERATIONS {
            if op.method == "GET" {
                assert_eq!(op.retry, Retry::Safe, "{} reads", op.id);
            }
        }
    }
}
