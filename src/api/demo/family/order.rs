//! The family order (家庭缴费): one quote for several members, paid in parts that fit the
//! method's limit, each member's payment and receipt their own, named as paid by the payer.

use super::*;

/// At least one member, none twice.
fn distinct_members(members: &[String]) -> bool {
    let distinct: std::collections::BTreeSet<&String> = members.iter().collect();
    !members.is_empty() && distinct.len() == members.len()
}

impl Ctx<'_> {
    /// `payer`'s medical account in `city` as the record counts it, less what 家庭共济 has paid
    /// or is paying from it; none where they are not insured there.
    pub(super) fn family_account_balance(&mut self, payer: &Person, city: &DemoCity) -> Option<Decimal> {
        let Person::Fixture(index) = payer else { return None };
        let career = fixtures::RECORDS.iter().find(|r| r.0 == *index && r.1 == city.code)?.2;
        let paid = self.app_payments(payer, city.code);
        let overview = record::overview(career, city, String::new(), &paid, &rfc3339_utc(self.now));
        let key = payer.key();
        let used: Decimal = self
            .db
            .payments
            .values()
            .filter(|p| p.paid_by.as_ref().is_some_and(|b| b.key() == key) && p.order.city == city.code && p.payment.method == PaymentMethod::FamilyMedicalAccount)
            .filter(|p| matches!(p.payment.status, PaymentStatus::Processing | PaymentStatus::Succeeded))
            .map(|p| p.payment.amount)
            .sum();
        Some((overview.medical_account?.amount - used).max(Decimal::ZERO))
    }

    /// The ways to pay `total` of `order` for relatives: the city's methods, and 家庭共济 where
    /// the city allows it for a medical product and the payer has an account there.
    pub(super) fn family_methods(&mut self, payer: &Person, order: &OrderRef, total: Decimal) -> Result<Vec<PaymentMethodOffer>, ApiError> {
        if total.is_zero() {
            return Ok(vec![PaymentMethodOffer::new(PaymentMethod::FiscalPayOnBehalf, Decimal::ZERO)]);
        }
        let city = city_of(order)?;
        let mut methods: Vec<PaymentMethodOffer> = city.payment_methods.iter().map(|(method, limit)| self.offer(payer, *method, *limit)).collect();
        let medical = matches!(order.product, ProductCode::ResidentMedical | ProductCode::NewbornMedical);
        if let (Some(limit), true) = (city.family_account_limit, medical) {
            if let Some(balance) = self.family_account_balance(payer, city) {
                methods.push(PaymentMethodOffer { balance: Some(balance), ..PaymentMethodOffer::new(PaymentMethod::FamilyMedicalAccount, Decimal::from(limit)) });
            }
        }
        Ok(methods)
    }

    pub(super) fn family_status(&mut self, token: &str, order: &OrderRef) -> Result<FamilyStatus, ApiError> {
        let payer = self.record_grant(token)?.person;
        let key = self.family_payer(token)?;
        let city = city_of(order)?;
        let window = year_of(order)?.3;
        let stored = self.db.families.get(&key).map(|f| f.members.clone()).unwrap_or_default();
        self.settle_all();
        let mut members = Vec::new();
        for member in &stored {
            let view = self.member_view(member);
            let (state, receipt_serial) = match self.consenting_member(&payer, &member.member_id) {
                Err(_) => (MemberOrderState::ConsentRequired, None),
                Ok(person) => match self.paid_record(&person, order) {
                    Some(paid) => (MemberOrderState::Paid, Some(paid.serial)),
                    None if self.being_paid(&person, order) => (MemberOrderState::InProgress, None),
                    None if window.accepts_payment() => (MemberOrderState::Due, None),
                    None => (MemberOrderState::WindowClosed, None),
                },
            };
            members.push(MemberStatus { member_id: view.member_id, name: view.name, relationship: view.relationship, state, receipt_serial });
        }
        let tiers = matches!(order.product, ProductCode::ResidentMedical | ProductCode::NewbornMedical).then(|| fixed_tiers(city, order.product));
        Ok(FamilyStatus { order: order.clone(), window, tiers, members })
    }

    /// The payer's own pay token for `order`: a token paying for one relative (or another
    /// order) does not make family orders.
    pub(super) fn family_pay_grant(&self, token: &str) -> Result<(Grant, OrderRef), ApiError> {
        let (grant, order) = self.grant(token)?;
        if grant.paid_by.is_some() {
            return Err(ApiError::SessionExpired);
        }
        Ok((grant, order))
    }

    pub(super) fn family_quote(&mut self, token: &str, request: FamilyQuoteRequest) -> Result<FamilyQuote, ApiError> {
        let (grant, granted) = self.family_pay_grant(token)?;
        let order = request.order.clone();
        if granted != order {
            return Err(ApiError::SessionExpired);
        }
        let invalid = |field: &str| ApiError::InvalidRequest { field: Some(field.into()) };
        let city = city_of(&order)?;
        let (year, _, _, status, days_late) = year_of(&order)?;
        if !status.accepts_payment() {
            return Err(ApiError::WindowClosed);
        }
        let tier = match order.product {
            ProductCode::ResidentMedical | ProductCode::NewbornMedical => fixed_tiers(city, order.product).into_iter().find(|t| t.code == request.tier).ok_or_else(|| invalid("tier"))?,
            _ => return Err(invalid("order")),
        };
        if !distinct_members(&request.members) || request.members.len() > MAX_MEMBERS as usize {
            return Err(invalid("members"));
        }
        let mut blocks = Vec::new();
        let mut members = Vec::new();
        for member_id in &request.members {
            let person = self.consenting_member(&grant.person, member_id)?;
            if self.paid_record(&person, &order).is_some() {
                return Err(ApiError::AlreadyPaid);
            }
            let breakdown = price(&fixed_tier_price(&person, order.product, &tier, days_late));
            let own = Quote { quote_id: self.new_id("q"), tier_label: tier.name.clone(), period: whole_year(year), breakdown: breakdown.clone() };
            self.db.quotes.insert(own.quote_id.clone(), StoredQuote { person_key: person.key(), order: order.clone(), quote: own.clone(), months: 12 });
            blocks.push(MemberBlock { member_id: member_id.clone(), name: masked_name(&self.person_name(&person)), masked_id: self.masked_id(&person), breakdown });
            members.push((member_id.clone(), person, own.quote_id));
        }
        let total = blocks.iter().map(|b| b.breakdown.total).sum();
        let methods = self.family_methods(&grant.person, &order, total)?;
        let quote = FamilyQuote { quote_id: self.new_id("fq"), order, tier_label: tier.name, period: whole_year(year), blocks, total, methods };
        self.db.family_quotes.insert(quote.quote_id.clone(), StoredFamilyQuote { payer: grant.person, quote: quote.clone(), members });
        Ok(quote)
    }

    /// A family part as it stands: its members' payments settle together.
    pub(super) fn family_payment_view(&mut self, payment_id: &str) -> Result<FamilyPayment, ApiError> {
        let stored = self.db.family_payments.get(payment_id).cloned().ok_or(ApiError::NotFound)?;
        let mut parts = Vec::new();
        for (member_id, id) in &stored.payments {
            self.settle(id);
            parts.push((member_id.clone(), self.db.payments.get(id).map(|p| p.payment.clone()).ok_or(ApiError::NotFound)?));
        }
        let first = parts.first().map(|p| p.1.clone()).ok_or(ApiError::NotFound)?;
        Ok(FamilyPayment {
            payment_id: payment_id.into(),
            status: first.status,
            amount: parts.iter().map(|p| p.1.amount).sum(),
            method: first.method,
            members: stored.request.members.clone(),
            money_taken: first.money_taken,
            receipts: parts.iter().filter_map(|(member_id, p)| Some(MemberReceipt { member_id: member_id.clone(), serial: p.receipt_serial.clone()? })).collect(),
            failure_reason: first.failure_reason,
            next_action: first.next_action,
        })
    }

    pub(super) fn create_family_payment(&mut self, token: &str, request: CreateFamilyPayment, key: &str) -> Result<FamilyPayment, ApiError> {
        let (grant, _) = self.family_pay_grant(token)?;
        check_idempotency_key(key)?;
        super::super::cashier::check_return_url(request.return_url.as_deref())?;
        if let Some((id, earlier)) = self.db.family_payments.iter().find(|(_, p)| p.idempotency_key == key).map(|(id, p)| (id.clone(), p.clone())) {
            if !earlier.request.same_payment(&request) || earlier.payer.key() != grant.person.key() {
                return Err(ApiError::IdempotencyConflict);
            }
            return self.family_payment_view(&id);
        }
        let stored = self.db.family_quotes.get(&request.quote_id).filter(|q| q.payer.key() == grant.person.key()).cloned().ok_or(ApiError::NotFound)?;
        let order = stored.quote.order.clone();
        if !year_of(&order)?.3.accepts_payment() {
            return Err(ApiError::WindowClosed);
        }
        if !distinct_members(&request.members) {
            return Err(ApiError::InvalidRequest { field: Some("members".into()) });
        }
        self.settle_all();
        let mut paying = Vec::new();
        for member_id in &request.members {
            let (_, _, quote_id) = stored.members.iter().find(|m| &m.0 == member_id).cloned().ok_or(ApiError::InvalidRequest { field: Some("members".into()) })?;
            // Asked again now: a consent withdrawn since the quote stops the payment.
            let person = self.consenting_member(&grant.person, member_id)?;
            if self.paid_record(&person, &order).is_some() {
                return Err(ApiError::AlreadyPaid);
            }
            // (A payment of theirs that still waits for the wallet is closed, as for one's own.)
            self.close_unconfirmed(&person, &order);
            if self.being_paid(&person, &order) {
                return Err(ApiError::PaymentInProgress);
            }
            let amount = self.db.quotes.get(&quote_id).map(|q| q.quote.breakdown.total).ok_or(ApiError::NotFound)?;
            paying.push((member_id.clone(), person, quote_id, amount));
        }
        let amount: Decimal = paying.iter().map(|p| p.3).sum();
        let methods = self.family_methods(&grant.person, &order, stored.quote.total)?;
        let offer = methods.iter().find(|m| m.method == request.method).ok_or(ApiError::MethodUnavailable)?;
        if over_limit(offer, amount).is_some() || offer.balance.is_some_and(|b| amount > b) {
            return Err(ApiError::OverLimit);
        }
        // As in a single payment, the insured people's demo scenario decides the outcome.
        let declined = self.backend.declining.load(Ordering::Relaxed) || paying.iter().any(|p| p.1.scenario() == Scenario::PaymentFails);
        let outcome = if declined { PaymentStatus::Failed } else { PaymentStatus::Succeeded };
        let settles_at = self.now + self.backend.timing.settle_ms;
        // One confirmation in the wallet for the whole part: its members' payments wait together.
        let id = self.new_id("fpay");
        let (next_action, provider) = self.hand_off(&id, amount, request.method, request.client, request.return_url.as_deref())?;
        let status = if next_action.is_none() { PaymentStatus::Processing } else { PaymentStatus::RequiresAction };
        let mut payments = Vec::new();
        for (member_id, person, quote_id, amount) in paying {
            let payment = Payment { payment_id: self.new_id("pay"), status, amount, method: request.method, money_taken: false, receipt_serial: None, failure_reason: None, next_action: next_action.clone(), arrival: None };
            let member_payment = payment.payment_id.clone();
            let record = StoredPayment { person, paid_by: Some(grant.person.clone()), order: order.clone(), quote_id, payment, created_at: self.now, settles_at, outcome, paid_at: None, provider: provider.clone() };
            self.db.payments.insert(member_payment.clone(), record);
            payments.push((member_id, member_payment));
        }
        self.db.family_payments.insert(id.clone(), StoredFamilyPayment { payer: grant.person, idempotency_key: key.into(), request, payments });
        self.family_payment_view(&id)
    }

    pub(super) fn family_payment(&mut self, token: &str, payment_id: &str) -> Result<FamilyPayment, ApiError> {
        let (grant, _) = self.family_pay_grant(token)?;
        if self.db.family_payments.get(payment_id).is_none_or(|p| p.payer.key() != grant.person.key()) {
            return Err(ApiError::NotFound);
        }
        self.family_payment_view(payment_id)
    }
}
