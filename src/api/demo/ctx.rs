//! What a request handler does with the database: ids, tokens and what each may read,
//! the verification's steps, the people's records, settling payments and finding receipts.

use super::*;

/// A code or password that is not six digits (the contract's pattern; the app sends nothing
/// else) is bad input, refused before anything is looked up: it counts no try.
pub(super) fn six_digits(text: &str, field: &str) -> Result<(), ApiError> {
    match text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
        true => Ok(()),
        false => Err(ApiError::InvalidRequest { field: Some(field.into()) }),
    }
}

/// The contract's Idempotency-Key: 16 to 128 characters. Any other is bad input, refused before
/// an earlier payment with that key is looked up.
pub(super) fn check_idempotency_key(key: &str) -> Result<(), ApiError> {
    match (16..=128).contains(&key.len()) {
        true => Ok(()),
        false => Err(ApiError::InvalidRequest { field: Some("Idempotency-Key".into()) }),
    }
}

impl Ctx<'_> {
    pub(super) fn new_id(&mut self, prefix: &str) -> String {
        self.db.next_id += 1;
        format!("{prefix}_{:06}{}", self.db.next_id, random_hex(4))
    }

    pub(super) fn any_grant(&self, token: &str) -> Result<Grant, ApiError> {
        match self.db.grants.get(token) {
            Some(grant) if grant.expires_at > self.now => Ok(grant.clone()),
            _ => Err(ApiError::SessionExpired),
        }
    }

    /// A token that may pay: a record token is refused (it only reads).
    pub(super) fn grant(&self, token: &str) -> Result<(Grant, OrderRef), ApiError> {
        let grant = self.any_grant(token)?;
        match (grant.purpose, grant.order.clone()) {
            (Purpose::Pay, Some(order)) => Ok((grant, order)),
            _ => Err(ApiError::ReadOnlyToken),
        }
    }

    /// A token that may pay `order`: one granted for another order is refused as an expired one
    /// is, so it says nothing about that order.
    pub(super) fn grant_for(&self, token: &str, order: &OrderRef) -> Result<Grant, ApiError> {
        match self.grant(token)? {
            (grant, granted) if &granted == order => Ok(grant),
            _ => Err(ApiError::SessionExpired),
        }
    }

    /// A token for reading the record (a pay token has not verified enough to read it).
    pub(super) fn record_grant(&self, token: &str) -> Result<Grant, ApiError> {
        let grant = self.any_grant(token)?;
        if grant.purpose != Purpose::Record {
            return Err(ApiError::SessionExpired);
        }
        Ok(grant)
    }

    /// `method` passed: the token once the purpose has all it needs, else what is still needed.
    pub(super) fn method_passed(&mut self, session_id: &str, method: VerifyMethod) -> Verified {
        let session = self.db.sessions.get_mut(session_id).expect("session checked by caller");
        if !session.passed.contains(&method) {
            session.passed.push(method);
        }
        let passed = session.passed.clone();
        let still_needed = session.required.saturating_sub(passed.len() as u32);
        if still_needed > 0 {
            return Verified { token: None, expires_in_seconds: 0, passed, still_needed };
        }
        self.issue_token(session_id)
    }

    pub(super) fn issue_token(&mut self, session_id: &str) -> Verified {
        let session = self.db.sessions.remove(session_id).expect("session checked by caller");
        let token = format!("tok_{}", random_hex(16));
        let expires_at = self.now + u64::from(TOKEN_SECONDS) * 1000;
        let passed = session.passed.clone();
        self.db.grants.insert(token.clone(), Grant { person: session.person, paid_by: session.paid_by, purpose: session.purpose, order: session.order, passed: passed.clone(), expires_at, issued_at: self.now });
        Verified { token: Some(token), expires_in_seconds: TOKEN_SECONDS, passed, still_needed: 0 }
    }

    pub(super) fn session(&mut self, session_id: &str, method: VerifyMethod) -> Result<&mut Session, ApiError> {
        let session = self.db.sessions.get_mut(session_id).ok_or(ApiError::SessionExpired)?;
        if !session.methods.contains(&method) {
            return Err(ApiError::MethodUnavailable);
        }
        if session.locked.contains(&method) {
            return Err(ApiError::TooManyAttempts);
        }
        // In order: only the first method not yet passed is open.
        if session.in_order && session.methods.iter().find(|m| !session.passed.contains(m)) != Some(&method) {
            return Err(ApiError::MethodUnavailable);
        }
        Ok(session)
    }

    pub(super) fn person_name(&self, person: &Person) -> String {
        match person {
            Person::Fixture(i) => fixtures::PEOPLE[*i].name.to_string(),
            Person::Typed { .. } => {
                let names = self.backend.typed_names.lock().unwrap_or_else(|p| p.into_inner());
                names.get(&person.key()).cloned().unwrap_or_else(|| "*".into())
            }
        }
    }

    pub(super) fn masked_id(&self, person: &Person) -> String {
        match person {
            Person::Fixture(i) => mask_id_number(fixtures::PEOPLE[*i].id_number),
            Person::Typed { masked_id, .. } => masked_id.clone(),
        }
    }

    pub(super) fn masked_mobile(&self, person: &Person) -> String {
        match person {
            Person::Fixture(i) => mask_mobile(fixtures::PEOPLE[*i].mobile),
            Person::Typed { masked_mobile, .. } => masked_mobile.clone(),
        }
    }

    /// Whose record a record token may read in `of.city` (the token's person's own, or their
    /// family member's while the member's consent is in force), the career behind it, and the
    /// payments made through the app towards it; or why there is none to show.
    pub(super) fn record_of(&mut self, token: &str, of: &RecordOf) -> Result<(Person, fixtures::Career, &'static DemoCity, Vec<record::AppPayment>), ApiError> {
        let grant = self.record_grant(token)?;
        let holder = match &of.member {
            None => grant.person,
            Some(member_id) => self.consenting_member(&grant.person, member_id)?,
        };
        let city = of.city.as_str();
        let place = fixtures::city(city).ok_or(ApiError::NotFound)?;
        if record::peak_day(fixtures::DEMO_TODAY) {
            return Err(ApiError::PeakDays { retry_after_seconds: Some(3600) });
        }
        let mine: Vec<&(usize, &str, fixtures::Career)> = match holder {
            Person::Fixture(i) => fixtures::RECORDS.iter().filter(|r| r.0 == i).collect(),
            Person::Typed { .. } => Vec::new(),
        };
        let Some(&&(_, _, career)) = mine.iter().find(|r| r.1 == city) else {
            let elsewhere = mine.iter().filter_map(|r| fixtures::city(r.1)).map(|c| City { code: c.code.into(), name: LocalText::new(c.name.0, c.name.1) }).collect();
            return Err(ApiError::NotInsured { elsewhere });
        };
        if career == fixtures::Career::TransferringIn {
            return Err(ApiError::TransferInProgress { working_days: Some(fixtures::TRANSFER_WORKING_DAYS) });
        }
        let paid = self.app_payments(&holder, city);
        Ok((holder, career, place, paid))
    }

    /// The payments `person` made through the app in `city`, as the record counts them.
    pub(super) fn app_payments(&mut self, person: &Person, city: &str) -> Vec<record::AppPayment> {
        self.settle_all();
        let key = person.key();
        self.db
            .payments
            .values()
            .filter(|p| p.person.key() == key && p.order.city == city && p.payment.status == PaymentStatus::Succeeded)
            .map(|p| record::AppPayment {
                insurance: match p.order.product {
                    ProductCode::FlexiblePension => Insurance::Pension,
                    _ => Insurance::Medical,
                },
                year: p.order.year,
                months: self.db.quotes.get(&p.quote_id).map_or(12, |q| q.months),
                amount: p.payment.amount,
                serial: p.payment.receipt_serial.clone().unwrap_or_default(),
            })
            .collect()
    }

    /// The proof `code` as it reads now (the figures are the record's as of today).
    pub(super) fn proof(&mut self, code: &str) -> Result<RecordProof, ApiError> {
        let stored = self.db.proofs.get(code).cloned().ok_or(ApiError::NotFound)?;
        let Person::Fixture(index) = stored.person else { return Err(ApiError::NotFound) };
        let career = fixtures::RECORDS.iter().find(|r| r.0 == index && r.1 == stored.city).map(|r| r.2).ok_or(ApiError::NotFound)?;
        let city = fixtures::city(&stored.city).ok_or(ApiError::NotFound)?;
        let holder = masked_name(&self.person_name(&stored.person));
        let paid = self.app_payments(&stored.person, &stored.city);
        let overview = record::overview(career, city, holder, &paid, &rfc3339_utc(self.now));
        Ok(RecordProof {
            code: code.into(),
            issued_at: rfc3339_utc(stored.issued_at),
            region: overview.region,
            holder: overview.holder,
            holder_masked_id: self.masked_id(&stored.person),
            insurances: overview.insurances,
            months_paid: overview.months_paid,
            as_of: overview.as_of,
            verify_url: format!("{}?proof={code}", self.backend.verify_base),
        })
    }

    /// Moves a processing payment to its outcome once its time has come.
    pub(super) fn settle(&mut self, payment_id: &str) {
        let now = self.now;
        let Some(stored) = self.db.payments.get_mut(payment_id) else { return };
        if stored.payment.status == PaymentStatus::RequiresAction {
            let confirmed_at = stored.provider.as_ref().and_then(|p| p.confirmed_at).filter(|at| now >= *at);
            match confirmed_at {
                // The provider has told the backend: the bank's part starts from then.
                Some(at) => {
                    stored.settles_at = at + stored.settles_at.saturating_sub(stored.created_at);
                    stored.payment.status = PaymentStatus::Processing;
                    stored.payment.next_action = NextAction::None;
                }
                // Never confirmed: the provider closes its order in time (the expiring demo person).
                None if stored.outcome == PaymentStatus::Expired && now >= stored.settles_at => stored.payment.status = PaymentStatus::Processing,
                None => return,
            }
        }
        if stored.payment.status != PaymentStatus::Processing || now < stored.settles_at {
            return;
        }
        let outcome = stored.outcome;
        let serial = (outcome == PaymentStatus::Succeeded).then(|| {
            self.db.next_serial += 1;
            format!("{}{}{:08}", stored.order.year, stored.order.city, self.db.next_serial)
        });
        let stored = self.db.payments.get_mut(payment_id).expect("looked up above");
        stored.payment.status = outcome;
        stored.payment.money_taken = outcome == PaymentStatus::Succeeded;
        stored.payment.arrival = (outcome == PaymentStatus::Succeeded).then(arrival).flatten();
        stored.payment.failure_reason = match outcome {
            PaymentStatus::Failed => Some(LocalText::new(
                "银行卡余额不足，银行拒绝了这笔付款",
                "The bank declined the payment: insufficient balance",
            )),
            PaymentStatus::Expired => Some(LocalText::new(
                "付款未在规定时间内确认，订单已关闭",
                "The payment was not confirmed in time and the order was closed",
            )),
            _ => None,
        };
        if serial.is_some() {
            stored.paid_at = Some(rfc3339_utc(stored.settles_at));
        }
        stored.payment.receipt_serial = serial;
    }

    /// The payment behind receipt `serial`: one made here, or an "already paid" demo person's
    /// (whose receipts exist from the start).
    pub(super) fn find_receipt(&mut self, serial: &str) -> Result<FoundReceipt, ApiError> {
        self.settle_all();
        let found = self.db.payments.values().find(|p| p.payment.receipt_serial.as_deref() == Some(serial)).cloned();
        let (person, paid_by, order, amount, paid_at, channel, quote_id) = match found {
            Some(p) => (p.person, p.paid_by, p.order, p.payment.amount, p.paid_at.unwrap_or_default(), p.payment.method, Some(p.quote_id)),
            None => {
                let index = fixtures::PEOPLE.iter().position(|p| p.scenario == Scenario::AlreadyPaid).expect("fixture");
                let order = fixtures::CITIES
                    .iter()
                    .flat_map(|c| ProductCode::ALL.into_iter().flat_map(move |product| fixtures::years(product).into_iter().map(move |y| OrderRef { city: c.code.into(), product, year: y.0 })))
                    .find(|o| already_paid_serial(o) == serial)
                    .ok_or(ApiError::NotFound)?;
                let amount = Decimal::from(city_of(&order)?.typical_resident_share());
                (Person::Fixture(index), None, order, amount, "2026-10-08T02:15:00Z".to_string(), PaymentMethod::Wallet, None)
            }
        };
        let period = quote_id
            .and_then(|id| self.db.quotes.get(&id).map(|q| q.quote.period.clone()))
            .unwrap_or_else(|| LocalText::new(format!("{}年度", order.year), format!("Year {}", order.year)));
        Ok(FoundReceipt { person, paid_by, order, amount, paid_at, channel, period })
    }

    /// The insured person, the relative who paid for them, or a family payer who may read the
    /// insured person's record (their consent in force) may read the whole receipt.
    pub(super) fn may_read_receipt(&mut self, reader: &Grant, found: &FoundReceipt) -> bool {
        let key = reader.person.key();
        found.person.key() == key
            || found.paid_by.as_ref().is_some_and(|p| p.key() == key)
            || (reader.purpose == Purpose::Record && self.reads_record_of(&reader.person, &found.person))
    }

    /// Receipt `serial`'s check codes, issued the first time its payer reads it.
    pub(super) fn receipt_codes(&mut self, serial: &str) -> ReceiptCodes {
        let codes = self.db.receipt_codes.entry(serial.to_string()).or_insert_with(|| {
            ReceiptCodes {
                qr: receipt_code::encode(&random_bytes(10), receipt_code::QR_CODE_LEN),
                printed: receipt_code::encode(&random_bytes(5), receipt_code::PRINTED_CODE_LEN),
            }
        });
        codes.clone()
    }

    pub(super) fn settle_all(&mut self) {
        let ids: Vec<String> = self.db.payments.keys().cloned().collect();
        for id in ids {
            self.settle(&id);
        }
    }

    /// The offer of `method` to `payer`: its single limit, and its daily limit with what they
    /// have paid with it today (payments here that took or are taking money, and what the
    /// fixtures say they paid elsewhere).
    pub(super) fn offer(&self, payer: &Person, method: PaymentMethod, single_limit: i64) -> PaymentMethodOffer {
        let Some(daily) = fixtures::daily_limit(method) else { return PaymentMethodOffer::new(method, Decimal::from(single_limit)) };
        // A day as China counts it (UTC+8).
        let day = |ms: u64| (ms + 8 * 3_600_000) / 86_400_000;
        let key = payer.key();
        let here: Decimal = self
            .db
            .payments
            .values()
            .filter(|p| p.paid_by.as_ref().unwrap_or(&p.person).key() == key && p.payment.method == method && day(p.created_at) == day(self.now))
            .filter(|p| matches!(p.payment.status, PaymentStatus::Succeeded | PaymentStatus::Processing))
            .map(|p| p.payment.amount)
            .sum();
        let elsewhere = payer.fixture().into_iter().flat_map(|f| f.paid_today_elsewhere).filter(|(m, _)| *m == method).map(|(_, a)| Decimal::from(*a)).sum::<Decimal>();
        PaymentMethodOffer { daily_limit: Some(Decimal::from(daily)), paid_today: Some(here + elsewhere), ..PaymentMethodOffer::new(method, Decimal::from(single_limit)) }
    }

    /// Whether a payment of `order` for `person` is under way (by them or a relative).
    pub(super) fn being_paid(&self, person: &Person, order: &OrderRef) -> bool {
        let key = person.key();
        self.db.payments.values().any(|p| p.person.key() == key && &p.order == order && !p.payment.status.is_final())
    }

    pub(super) fn paid_record(&mut self, person: &Person, order: &OrderRef) -> Option<PaidRecord> {
        if person.scenario() == Scenario::AlreadyPaid {
            let tier = city_of(order).ok()?.typical_resident_share();
            return Some(PaidRecord {
                serial: already_paid_serial(order),
                amount: Decimal::from(tier),
                paid_at: "2026-10-08T02:15:00Z".into(),
            });
        }
        self.settle_all();
        let key = person.key();
        self.db.payments.values().find(|p| p.person.key() == key && &p.order == order && p.payment.status == PaymentStatus::Succeeded).map(|p| {
            PaidRecord {
                serial: p.payment.receipt_serial.clone().unwrap_or_default(),
                amount: p.payment.amount,
                paid_at: p.paid_at.clone().unwrap_or_default(),
            }
        })
    }
}

/// When a payment made on the demo's today reaches the fund and the status follows, in working
/// days (seed 001 §4).
pub(super) fn arrival() -> Option<Arrival> {
    use crate::domain::working_days::add_working_days;
    use fixtures::{DEMO_TODAY, FUND_WORKING_DAYS, HOLIDAYS, STATUS_WORKING_DAYS_AFTER};
    let fund_by = add_working_days(DEMO_TODAY, FUND_WORKING_DAYS.1, HOLIDAYS)?;
    Some(Arrival {
        fund_from: add_working_days(DEMO_TODAY, FUND_WORKING_DAYS.0, HOLIDAYS)?,
        status_by: add_working_days(&fund_by, STATUS_WORKING_DAYS_AFTER, HOLIDAYS)?,
        fund_by,
    })
}
