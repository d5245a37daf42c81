//! The record's calls: the overview, each year's months, the proof and the medical spending.

use super::*;

impl RecordApi for DemoBackend {
    fn record(&self, token: &str, of: &RecordOf) -> ApiFuture<RecordOverview> {
        let (token, of) = (token.to_string(), of.clone());
        self.call(Op::GetRecord, move |ctx| {
            let (person, career, city, paid) = ctx.record_of(&token, &of)?;
            let holder = masked_name(&ctx.person_name(&person));
            Ok(record::overview(career, city, holder, &paid, &rfc3339_utc(ctx.now)))
        })
    }

    fn record_year(&self, token: &str, of: &RecordOf, year: u16) -> ApiFuture<RecordYear> {
        let (token, of) = (token.to_string(), of.clone());
        self.call(Op::GetRecordYear, move |ctx| {
            let (_, career, city, paid) = ctx.record_of(&token, &of)?;
            if city.record.detail == DetailLevel::Totals || !record::YEARS.contains(&year) {
                return Err(ApiError::NotFound);
            }
            Ok(record::record_year(career, city, year, &paid, &record::as_of(city, &rfc3339_utc(ctx.now))))
        })
    }

    fn record_proof(&self, token: &str, city: &str) -> ApiFuture<RecordProof> {
        let (token, city) = (token.to_string(), city.to_string());
        self.call(Op::CreateRecordProof, move |ctx| {
            let (person, ..) = ctx.record_of(&token, &RecordOf::own(city.as_str()))?;
            // One proof per person, city and day: asking again gives the same one.
            let day = ctx.now / 86_400_000;
            let existing = ctx.db.proofs.iter().find(|(_, p)| p.person == person && p.city == city && p.issued_at / 86_400_000 == day).map(|(code, _)| code.clone());
            let code = match existing {
                Some(code) => code,
                None => {
                    let code = format!("CB{}", random_hex(6).to_uppercase());
                    ctx.db.proofs.insert(code.clone(), StoredProof { person, city, issued_at: ctx.now });
                    code
                }
            };
            ctx.proof(&code)
        })
    }

    fn check_proof(&self, code: &str) -> ApiFuture<RecordProof> {
        let code = code.to_string();
        self.call(Op::CheckRecordProof, move |ctx| ctx.proof(&code))
    }

    fn medical_spending(&self, token: &str, of: &RecordOf, page: u32) -> ApiFuture<SpendingPage> {
        let (token, of) = (token.to_string(), of.clone());
        self.call(Op::GetMedicalSpending, move |ctx| {
            let (_, career, city, paid) = ctx.record_of(&token, &of)?;
            let overview = record::overview(career, city, String::new(), &paid, &rfc3339_utc(ctx.now));
            let balance = overview.medical_account.filter(|_| overview.spending_delay.is_some()).ok_or(ApiError::NotFound)?.amount;
            let all = record::spending(balance);
            let pages = all.len().div_ceil(record::SPENDING_PAGE_SIZE) as u32;
            if page == 0 || page > pages {
                return Err(ApiError::InvalidRequest { field: Some("page".into()) });
            }
            let items = all.into_iter().skip((page as usize - 1) * record::SPENDING_PAGE_SIZE).take(record::SPENDING_PAGE_SIZE).collect();
            Ok(SpendingPage { as_of: overview.as_of, items, page, pages })
        })
    }
}
