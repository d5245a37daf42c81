//! The payer's calls: verifying, the tier and the quote, paying, the receipt and its check.

use super::*;

impl PaymentApi for DemoBackend {
    fn start_verification(&self, request: StartVerification) -> ApiFuture<VerificationSession> {
        self.call(Op::StartVerification, move |ctx| {
            let field = |name: &str| ApiError::InvalidRequest { field: Some(name.into()) };
            // Each purpose names one thing: a request naming the other's is refused, not read.
            match request.purpose {
                Purpose::Pay if request.city.is_some() => return Err(field("city")),
                Purpose::Record if request.order.is_some() => return Err(field("order")),
                _ => {}
            }
            let (city, order) = match request.purpose {
                Purpose::Pay => {
                    let order = request.order.clone().ok_or_else(|| field("order"))?;
                    let city = city_of(&order)?;
                    if !year_of(&order)?.3.accepts_payment() {
                        return Err(ApiError::WindowClosed);
                    }
                    (city, Some(order))
                }
                Purpose::Record => (fixtures::city(request.city.as_deref().ok_or_else(|| field("city"))?).ok_or(ApiError::NotFound)?, None),
            };
            // Reading a record asks for more than paying: two of the city's methods (seed 002's
            // levels beyond real-name: the social security number, then the face). Where the
            // city asks for all its methods in order (Guangdong), both purposes do.
            let required = match request.purpose {
                _ if city.verify_in_order => city.verify_methods.len() as u32,
                Purpose::Pay => 1,
                Purpose::Record => city.verify_methods.len().min(2) as u32,
            };
            let (person, paid_by, passed, masked_mobile) = match &request.prior_token {
                // Verified before (a record token, to pay a gap): the same person, and the methods
                // passed then count.
                Some(token) => {
                    let prior = ctx.any_grant(token)?;
                    let masked_mobile = ctx.masked_mobile(&prior.person);
                    // Paying for a family member: the payer's verification, the member's order.
                    let (person, paid_by) = match &request.member {
                        Some(member_id) if prior.purpose == Purpose::Record && request.purpose == Purpose::Pay => (ctx.consenting_member(&prior.person, member_id)?, Some(prior.person)),
                        Some(_) => return Err(field("member")),
                        None => (prior.person, prior.paid_by),
                    };
                    (person, paid_by, prior.passed, masked_mobile)
                }
                None if request.member.is_some() => return Err(field("member")),
                None => {
                    let name = validate_name(&request.name).map_err(|_| field("name"))?;
                    let id_number = validate_id_number(&request.id_number).map_err(|_| field("id_number"))?;
                    let mobile = validate_mobile(&request.mobile).map_err(|_| field("mobile"))?;
                    // 未参保, or a pilot county that has not confirmed the person offline: say
                    // where to register (or be confirmed) before anything is verified.
                    let fixture = fixtures::person_by_id(&id_number);
                    let unregistered = fixture.is_some_and(|(_, p)| p.scenario == Scenario::NotRegistered);
                    let unconfirmed = city.confirmed_offline.is_some_and(|confirmed| !confirmed.contains(&id_number.as_str()));
                    if request.purpose == Purpose::Pay && (unregistered || unconfirmed) {
                        return Err(ApiError::NotRegistered { guide: Some(Box::new(fixtures::registration_guide(city.code))) });
                    }
                    let person = match fixture {
                        Some((_, fixture)) if fixture.name != name => return Err(ApiError::IdentityMismatch),
                        Some((index, _)) => Person::Fixture(index),
                        None => {
                            let person = Person::Typed { masked_id: mask_id_number(&id_number), masked_mobile: mask_mobile(&mobile) };
                            ctx.backend.typed_names.lock().unwrap_or_else(|p| p.into_inner()).insert(person.key(), name);
                            person
                        }
                    };
                    (person, None, Vec::new(), mask_mobile(&mobile))
                }
            };
            let session_id = ctx.new_id("vs");
            let covered = passed.len() as u32 >= required;
            ctx.db.sessions.insert(
                session_id.clone(),
                Session {
                    person,
                    paid_by,
                    purpose: request.purpose,
                    order,
                    required,
                    passed,
                    in_order: city.verify_in_order,
                    methods: city.verify_methods.to_vec(),
                    locked: vec![],
                    sms_sent_at: None,
                    sms_attempts: 0,
                    ecard_attempts: 0,
                    face_started: false,
                },
            );
            let passed = ctx.db.sessions[&session_id].passed.clone();
            let verified = covered.then(|| ctx.issue_token(&session_id));
            Ok(VerificationSession { session_id, methods: city.verify_methods.to_vec(), masked_mobile, required, passed, in_order: city.verify_in_order, verified })
        })
    }

    fn send_sms_code(&self, session_id: &str) -> ApiFuture<SmsSent> {
        let session_id = session_id.to_string();
        let short_lived = self.short_lived_code();
        self.call(Op::SendSmsCode, move |ctx| {
            let now = ctx.now;
            let (resend_ms, expires_ms) = (u64::from(SMS_RESEND_SECONDS) * 1000, u64::from(SMS_EXPIRES_SECONDS) * 1000);
            // Sent at `at`: nothing more is sent for a minute, and the code lasts five; the
            // answer says how long is left of each.
            let wait_since = |at: u64| SmsSent {
                resend_after_seconds: ((at + resend_ms).saturating_sub(now)).div_ceil(1000) as u32,
                // (A preview's short-lived code: the expiry warning shows at once.)
                expires_in_seconds: if short_lived { 45 } else { ((at + expires_ms).saturating_sub(now) / 1000) as u32 },
            };
            let session = ctx.session(&session_id, VerifyMethod::Sms)?;
            if let Some(sent) = session.sms_sent_at.filter(|sent| now < sent + resend_ms) {
                return Ok(wait_since(sent));
            }
            let phone = session.paid_by.as_ref().unwrap_or(&session.person).key();
            let sends = ctx.db.sms_sends.entry(phone).or_default();
            sends.retain(|at| now < at + HOUR_MS);
            let sent_at = match sends.last() {
                // This phone was sent a code a moment ago, for another session (a reload,
                // verifying again): that code, still good, serves this one too.
                Some(&last) if now < last + resend_ms => last,
                // A few an hour: then the phone waits until the oldest is an hour old.
                Some(_) if sends.len() >= ctx.backend.sms_per_hour as usize => {
                    let left = (sends[0] + HOUR_MS - now).div_ceil(1000) as u32;
                    return Err(ApiError::TooManyRequests { retry_after_seconds: Some(left) });
                }
                _ => {
                    sends.push(now);
                    now
                }
            };
            let session = ctx.db.sessions.get_mut(&session_id).expect("found above");
            session.sms_sent_at = Some(sent_at);
            session.sms_attempts = 0;
            Ok(wait_since(sent_at))
        })
    }

    fn check_sms_code(&self, session_id: &str, code: &str) -> ApiFuture<Verified> {
        let (session_id, code) = (session_id.to_string(), code.to_string());
        self.call(Op::CheckSmsCode, move |ctx| {
            six_digits(&code, "code")?;
            let now = ctx.now;
            let session = ctx.session(&session_id, VerifyMethod::Sms)?;
            let sent = session.sms_sent_at.ok_or(ApiError::InvalidCode { attempts_left: None })?;
            if now > sent + u64::from(SMS_EXPIRES_SECONDS) * 1000 {
                return Err(ApiError::CodeExpired);
            }
            if code != fixtures::DEMO_SMS_CODE {
                session.sms_attempts += 1;
                if session.sms_attempts >= SMS_MAX_ATTEMPTS {
                    session.locked.push(VerifyMethod::Sms);
                    return Err(ApiError::TooManyAttempts);
                }
                return Err(ApiError::InvalidCode { attempts_left: Some(SMS_MAX_ATTEMPTS - session.sms_attempts) });
            }
            Ok(ctx.method_passed(&session_id, VerifyMethod::Sms))
        })
    }

    fn check_ecard_password(&self, session_id: &str, password: &str) -> ApiFuture<Verified> {
        let (session_id, password) = (session_id.to_string(), password.to_string());
        self.call(Op::CheckEcardPassword, move |ctx| {
            six_digits(&password, "password")?;
            let session = ctx.session(&session_id, VerifyMethod::Ecard)?;
            if password != fixtures::DEMO_ECARD_PASSWORD {
                session.ecard_attempts += 1;
                if session.ecard_attempts >= ECARD_MAX_ATTEMPTS {
                    session.locked.push(VerifyMethod::Ecard);
                    return Err(ApiError::TooManyAttempts);
                }
                return Err(ApiError::InvalidCode { attempts_left: Some(ECARD_MAX_ATTEMPTS - session.ecard_attempts) });
            }
            Ok(ctx.method_passed(&session_id, VerifyMethod::Ecard))
        })
    }

    fn start_face(&self, session_id: &str, return_url: &str) -> ApiFuture<FaceHandoff> {
        let (session_id, return_url) = (session_id.to_string(), return_url.to_string());
        self.call(Op::StartFace, move |ctx| {
            let session = ctx.session(&session_id, VerifyMethod::Face)?;
            session.face_started = true;
            let url = format!("/face-check?session={}&return={}", session_id, url_encode(&return_url));
            Ok(FaceHandoff { url })
        })
    }

    fn face_result(&self, session_id: &str) -> ApiFuture<Verified> {
        let session_id = session_id.to_string();
        self.call(Op::FaceResult, move |ctx| {
            let session = ctx.session(&session_id, VerifyMethod::Face)?;
            if !session.face_started {
                return Err(ApiError::VerificationFailed);
            }
            if session.person.scenario() == Scenario::FaceFails {
                // One failed face check locks the method, as most providers do.
                session.locked.push(VerifyMethod::Face);
                return Err(ApiError::VerificationFailed);
            }
            Ok(ctx.method_passed(&session_id, VerifyMethod::Face))
        })
    }

    /// More time for a token that has not run out (the person pressed "need more time"): half
    /// an hour from now, but never past six hours from its verification.
    fn refresh_token(&self, token: &str) -> ApiFuture<TokenRefreshed> {
        let token = token.to_string();
        self.call(Op::RefreshToken, move |ctx| {
            let grant = ctx.any_grant(&token)?;
            let issued_at = if grant.issued_at > 0 { grant.issued_at } else { grant.expires_at.saturating_sub(u64::from(TOKEN_SECONDS) * 1000) };
            let longest = issued_at + TOKEN_LONGEST_SECONDS * 1000;
            let expires_at = (ctx.now + u64::from(TOKEN_SECONDS) * 1000).min(longest).max(grant.expires_at);
            ctx.db.grants.get_mut(&token).expect("found above").expires_at = expires_at;
            Ok(TokenRefreshed { expires_in_seconds: ((expires_at - ctx.now) / 1000) as u32, can_extend: expires_at < longest })
        })
    }

    fn insured_profile(&self, token: &str, order: &OrderRef) -> ApiFuture<InsuredProfile> {
        let (token, order) = (token.to_string(), order.clone());
        self.call(Op::InsuredProfile, move |ctx| {
            let grant = ctx.grant_for(&token, &order)?;
            let masked_mobile = ctx.masked_mobile(&grant.person);
            let concession = match order.product {
                ProductCode::ResidentMedical => grant.person.fixture().and_then(|p| p.concession),
                _ => None,
            };
            Ok(InsuredProfile {
                name: ctx.person_name(&grant.person),
                masked_id: ctx.masked_id(&grant.person),
                masked_mobile,
                concession,
                already_paid: ctx.paid_record(&grant.person, &order),
            })
        })
    }

    fn tier_options(&self, token: &str, order: &OrderRef) -> ApiFuture<TierOptions> {
        let (token, order) = (token.to_string(), order.clone());
        self.call(Op::TierOptions, move |ctx| {
            ctx.grant_for(&token, &order)?;
            let city = city_of(&order)?;
            let tiers = fixed_tiers(city, order.product);
            if !tiers.is_empty() {
                return Ok(TierOptions::Fixed { tiers });
            }
            let (min_percent, max_percent) = wage_base_range(order.product);
            Ok(TierOptions::WageBased {
                monthly_average_wage: Decimal::from(city.monthly_average_wage),
                min_percent,
                max_percent,
                suggested_percents: [60, 100, 150, 200, 300].into_iter().filter(|p| (min_percent..=max_percent).contains(p)).collect(),
                rates: fixtures::rates(order.product),
                cycles: city.cycles.to_vec(),
            })
        })
    }

    fn quote(&self, token: &str, request: QuoteRequest) -> ApiFuture<Quote> {
        let token = token.to_string();
        self.call(Op::CreateQuote, move |ctx| {
            let order = request.order.clone();
            let grant = ctx.grant_for(&token, &order)?;
            let city = city_of(&order)?;
            let (year, _, _, status, days_late) = year_of(&order)?;
            if !status.accepts_payment() {
                return Err(ApiError::WindowClosed);
            }
            let invalid = |field: &str| ApiError::InvalidRequest { field: Some(field.into()) };
            let tiers = fixed_tiers(city, order.product);
            let (input, tier_label, period, months) = match (&request.choice, order.product) {
                (TierChoice::Fixed { tier }, _) => {
                    let tier = tiers.into_iter().find(|t| &t.code == tier).ok_or_else(|| invalid("tier"))?;
                    let period = if tier.months == 12 { whole_year(year) } else { monthly(year, tier.months) };
                    (fixed_tier_price(&grant.person, order.product, &tier, days_late), tier.name, period, tier.months)
                }
                (TierChoice::WageBased { base_percent, rate_percent, cycle }, ProductCode::FlexibleMedical | ProductCode::FlexiblePension) if tiers.is_empty() => {
                    let (min_percent, max_percent) = wage_base_range(order.product);
                    if !(min_percent..=max_percent).contains(base_percent) {
                        return Err(invalid("base_percent"));
                    }
                    if !fixtures::rates(order.product).contains(rate_percent) {
                        return Err(invalid("rate_percent"));
                    }
                    if !city.cycles.contains(cycle) {
                        return Err(invalid("cycle"));
                    }
                    let wage = Decimal::from(city.monthly_average_wage);
                    let base = crate::domain::money::format_yuan(flexible_base(wage, *base_percent));
                    let months = cycle.months();
                    let standard = flexible_standard(wage, *base_percent, *rate_percent, months);
                    let input = PricingInput { standard, subsidy: Decimal::ZERO, discounts: vec![], days_late };
                    let (cycle_zh, cycle_en) = cycle_text(*cycle);
                    let label = LocalText::new(
                        format!("缴费基数 {base}（社平工资的{base_percent}%），费率 {rate_percent}%"),
                        format!("Base {base} ({base_percent} % of the average wage), rate {rate_percent} %"),
                    );
                    let period = LocalText::new(format!("{year}年度，{cycle_zh}缴费 {months} 个月"), format!("{year}, paid {cycle_en}: {months} month(s)"));
                    (input, label, period, months)
                }
                _ => return Err(invalid("choice")),
            };
            let quote = Quote { quote_id: ctx.new_id("q"), tier_label, period, breakdown: price(&input) };
            ctx.db.quotes.insert(quote.quote_id.clone(), StoredQuote { person_key: grant.person.key(), order, quote: quote.clone(), months });
            Ok(quote)
        })
    }

    fn payment_methods(&self, token: &str, quote_id: &str) -> ApiFuture<Vec<PaymentMethodOffer>> {
        let (token, quote_id) = (token.to_string(), quote_id.to_string());
        self.call(Op::PaymentMethods, move |ctx| {
            let (grant, _) = ctx.grant(&token)?;
            let stored = ctx.db.quotes.get(&quote_id).filter(|q| q.person_key == grant.person.key()).ok_or(ApiError::NotFound)?;
            if stored.quote.breakdown.total.is_zero() {
                return Ok(vec![PaymentMethodOffer::new(PaymentMethod::FiscalPayOnBehalf, Decimal::ZERO)]);
            }
            let city = city_of(&stored.order)?;
            Ok(city
                .payment_methods
                .iter()
                .map(|(method, limit)| ctx.offer(&grant.person, *method, *limit))
                .collect())
        })
    }

    fn create_payment(&self, token: &str, request: CreatePayment, idempotency_key: &str) -> ApiFuture<Payment> {
        let (token, key) = (token.to_string(), idempotency_key.to_string());
        self.call(Op::CreatePayment, move |ctx| {
            let (grant, _) = ctx.grant(&token)?;
            check_idempotency_key(&key)?;
            cashier::check_return_url(request.return_url.as_deref())?;
            if let Some(record) = ctx.db.idempotency.get(&key).cloned() {
                if !record.request.same_payment(&request) || record.token_person != grant.person.key() {
                    return Err(ApiError::IdempotencyConflict);
                }
                ctx.settle(&record.payment_id);
                return Ok(ctx.db.payments[&record.payment_id].payment.clone());
            }
            let stored = ctx.db.quotes.get(&request.quote_id).filter(|q| q.person_key == grant.person.key()).cloned().ok_or(ApiError::NotFound)?;
            if !year_of(&stored.order)?.3.accepts_payment() {
                return Err(ApiError::WindowClosed);
            }
            if ctx.paid_record(&grant.person, &stored.order).is_some() {
                return Err(ApiError::AlreadyPaid);
            }
            let person_key = grant.person.key();
            ctx.close_unconfirmed(&grant.person, &stored.order);
            if ctx.being_paid(&grant.person, &stored.order) {
                return Err(ApiError::PaymentInProgress);
            }
            let amount = stored.quote.breakdown.total;
            let allowed = if amount.is_zero() {
                request.method == PaymentMethod::FiscalPayOnBehalf
            } else {
                let city = city_of(&stored.order)?;
                let (method, limit) = city.payment_methods.iter().find(|(m, _)| *m == request.method).ok_or(ApiError::MethodUnavailable)?;
                // Over the single limit, or over what is left of today's.
                if over_limit(&ctx.offer(&grant.person, *method, *limit), amount).is_some() {
                    return Err(ApiError::OverLimit);
                }
                true
            };
            if !allowed {
                return Err(ApiError::MethodUnavailable);
            }
            let declined = ctx.backend.declining.load(Ordering::Relaxed);
            let (outcome, delay) = match grant.person.scenario() {
                _ if declined => (PaymentStatus::Failed, ctx.backend.timing.settle_ms),
                Scenario::PaymentFails => (PaymentStatus::Failed, ctx.backend.timing.settle_ms),
                Scenario::PaymentExpires => (PaymentStatus::Expired, ctx.backend.timing.expire_ms),
                _ => (PaymentStatus::Succeeded, ctx.backend.timing.settle_ms),
            };
            let id = ctx.new_id("pay");
            let (next_action, provider) = ctx.hand_off(&id, amount, request.method, request.client, request.return_url.as_deref())?;
            let payment = Payment {
                payment_id: id.clone(),
                status: if next_action.is_none() { PaymentStatus::Processing } else { PaymentStatus::RequiresAction },
                amount,
                method: request.method,
                money_taken: false,
                receipt_serial: None,
                failure_reason: None,
                next_action,
                arrival: None,
            };
            ctx.db.payments.insert(
                id.clone(),
                StoredPayment {
                    person: grant.person.clone(),
                    paid_by: grant.paid_by.clone(),
                    order: stored.order,
                    quote_id: request.quote_id.clone(),
                    payment,
                    created_at: ctx.now,
                    settles_at: ctx.now + delay,
                    outcome,
                    paid_at: None,
                    provider,
                },
            );
            ctx.db.idempotency.insert(key, IdempotencyRecord { token_person: person_key, request, payment_id: id.clone() });
            ctx.settle(&id);
            Ok(ctx.db.payments[&id].payment.clone())
        })
    }

    fn payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment> {
        let (token, payment_id) = (token.to_string(), payment_id.to_string());
        self.call(Op::GetPayment, move |ctx| {
            let (grant, _) = ctx.grant(&token)?;
            ctx.settle(&payment_id);
            let stored = ctx.db.payments.get(&payment_id).filter(|p| p.person.key() == grant.person.key()).ok_or(ApiError::NotFound)?;
            Ok(stored.payment.clone())
        })
    }

    fn cancel_payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment> {
        let (token, payment_id) = (token.to_string(), payment_id.to_string());
        self.call(Op::CancelPayment, move |ctx| {
            let (grant, _) = ctx.grant(&token)?;
            ctx.settle(&payment_id);
            let stored = ctx.db.payments.get_mut(&payment_id).filter(|p| p.person.key() == grant.person.key()).ok_or(ApiError::NotFound)?;
            // Cancelling a payment that already reached an outcome changes nothing; the app
            // shows whatever that outcome is.
            if !stored.payment.status.is_final() {
                stored.payment.status = PaymentStatus::Cancelled;
                stored.payment.next_action = NextAction::None;
                stored.payment.money_taken = false;
            }
            Ok(stored.payment.clone())
        })
    }

    fn receipt(&self, token: &str, serial: &str) -> ApiFuture<Receipt> {
        let (token, serial) = (token.to_string(), serial.to_string());
        self.call(Op::GetReceipt, move |ctx| {
            let reader = ctx.any_grant(&token)?;
            let found = ctx.find_receipt(&serial)?;
            // Someone else's receipt is refused as an unknown one is: nothing says it exists.
            if !ctx.may_read_receipt(&reader, &found) {
                return Err(ApiError::NotFound);
            }
            let codes = ctx.receipt_codes(&serial);
            let verify_url = format!("{}?serial={}&code={}", ctx.backend.verify_base, serial, codes.qr);
            Ok(Receipt {
                amount: found.amount,
                payer_name: ctx.person_name(&found.person),
                payer_masked_id: ctx.masked_id(&found.person),
                paid_by: found.paid_by.as_ref().map(|p| masked_name(&ctx.person_name(p))),
                product: fixtures::product_name(found.order.product),
                region: region_name(city_of(&found.order)?),
                period: found.period,
                paid_at: found.paid_at,
                channel: found.channel,
                verify_url,
                check_code: receipt_code::printed(&codes.printed),
                serial,
                arrival: arrival(),
            })
        })
    }

    fn check_receipt(&self, serial: &str, code: &str) -> ApiFuture<ReceiptCheck> {
        let (serial, code) = (serial.to_string(), code.to_string());
        self.call(Op::CheckReceipt, move |ctx| {
            // Codes exist once the receipt has been read by its payer (nobody can know one
            // before); a wrong code and an unknown serial get the same answer.
            let issued = ctx.db.receipt_codes.get(&serial).cloned().ok_or(ApiError::NotFound)?;
            let typed = receipt_code::normalize(&code).ok_or(ApiError::NotFound)?;
            if typed != issued.qr && typed != issued.printed {
                return Err(ApiError::NotFound);
            }
            let found = ctx.find_receipt(&serial)?;
            Ok(ReceiptCheck {
                serial,
                holder: masked_name(&ctx.person_name(&found.person)),
                product: fixtures::product_name(found.order.product),
                period: found.period,
                amount: found.amount,
                status: ReceiptStatus::Paid,
            })
        })
    }
}
