//! The demo's families (亲情账户): the relatives a payer may add, as social security registered
//! them, the families some demo people already have (`SEEDS`), and the rules: at
//! most `MAX_MEMBERS`, an adult only with the code sent to their registered phone, a minor by
//! their guardian, nobody in two families. The database keeps registry indexes, never an ID
//! number or a phone.

mod order;

use super::*;
use crate::domain::identity::is_minor_on;

/// How many relatives a family may hold (seed 000: 最多五人).
pub const MAX_MEMBERS: u32 = 5;
/// How long a consent lasts.
pub const CONSENT_DAYS: u32 = 365;
const DAY_MS: u64 = 86_400_000;

/// Someone social security has registered: a demo person, one of their relatives below, or
/// anyone else with a valid ID number, registered as the payer typed them (as a typed-in payer
/// is), with a phone the demo makes up from the number; kept masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Registered {
    Person(usize),
    Relative(usize),
    Typed { name: String, id_number: String, mobile: String, minor: bool },
}

pub struct Relative {
    pub name: &'static str,
    pub id_number: &'static str,
    pub mobile: &'static str,
}

/// Relatives of the demo people who do not pay in the demo themselves.
pub const RELATIVES: &[Relative] = &[
    Relative { name: "张建国", id_number: "110101195606152114", mobile: "13810001001" },
    Relative { name: "李秀英", id_number: "110101195903022025", mobile: "13810001002" },
    Relative { name: "王丽", id_number: "110102198709201046", mobile: "13810001003" },
    Relative { name: "张一诺", id_number: "110105201605083026", mobile: "13810001004" },
    Relative { name: "刘桂兰", id_number: "110101193601102047", mobile: "13810001005" },
    Relative { name: "孙浩", id_number: "510107199211113314", mobile: "13810001006" },
    Relative { name: "孙玉珍", id_number: "310115195108182025", mobile: "13810001007" },
    Relative { name: "赵明", id_number: "310115197510034513", mobile: "13810001008" },
    Relative { name: "周敏", id_number: "310115197802124043", mobile: "13810001009" },
    Relative { name: "赵小军", id_number: "310115200304214518", mobile: "13810001010" },
    Relative { name: "赵婷婷", id_number: "310115201009092022", mobile: "13810001011" },
    Relative { name: "陈建华", id_number: "430102196803053014", mobile: "13810001012" },
    Relative { name: "刘建平", id_number: "510104196201153010", mobile: "13810001013" },
    Relative { name: "刘欣怡", id_number: "510104201803156028", mobile: "13810001014" },
];

impl Registered {
    fn known() -> impl Iterator<Item = Registered> {
        (0..fixtures::PEOPLE.len()).map(Registered::Person).chain((0..RELATIVES.len()).map(Registered::Relative))
    }
    /// A demo person's or relative's name, ID number and phone, unmasked.
    fn known_details(&self) -> Option<(&'static str, &'static str, &'static str)> {
        match *self {
            Registered::Person(i) => Some((fixtures::PEOPLE[i].name, fixtures::PEOPLE[i].id_number, fixtures::PEOPLE[i].mobile)),
            Registered::Relative(i) => Some((RELATIVES[i].name, RELATIVES[i].id_number, RELATIVES[i].mobile)),
            Registered::Typed { .. } => None,
        }
    }
    /// Someone with `id_number` named `name`: refused when the registry knows the number under
    /// another name.
    fn find(name: &str, id_number: &str) -> Result<Registered, ApiError> {
        match Registered::known().find(|r| r.known_details().is_some_and(|d| d.1 == id_number)) {
            Some(known) if known.known_details().is_some_and(|d| d.0 == name) => Ok(known),
            Some(_) => Err(ApiError::IdentityMismatch),
            None => {
                let digits: String = id_number[10..].chars().map(|c| if c == 'X' { '0' } else { c }).collect();
                Ok(Registered::Typed { name: masked_name(name), id_number: mask_id_number(id_number), mobile: mask_mobile(&format!("139{digits}")), minor: is_minor_on(id_number, demo_today()) })
            }
        }
    }
    /// Masked name, masked ID number, masked phone, and whether a minor.
    fn shown(&self) -> (String, String, String, bool) {
        match (self, self.known_details()) {
            (_, Some((name, id_number, mobile))) => (masked_name(name), mask_id_number(id_number), mask_mobile(mobile), is_minor_on(id_number, demo_today())),
            (Registered::Typed { name, id_number, mobile, minor }, None) => (name.clone(), id_number.clone(), mobile.clone(), *minor),
            _ => Default::default(),
        }
    }
    /// The same person (typed-in people go by their masked number: all the demo keeps).
    fn same_as(&self, other: &Registered) -> bool {
        match (self, other) {
            (Registered::Typed { id_number: a, .. }, Registered::Typed { id_number: b, .. }) => a == b,
            _ => self == other,
        }
    }
}

/// The key a payer's family goes by. A typed-in payer's person key holds only the masked ID
/// number, which two people can share: a family also goes by the masked mobile.
fn family_key(payer: &Person) -> String {
    match payer {
        Person::Typed { masked_id, masked_mobile } => format!("t:{masked_id}:{masked_mobile}"),
        person => person.key(),
    }
}

fn demo_today() -> (u32, u32, u32) {
    let part = |range: std::ops::Range<usize>| fixtures::DEMO_TODAY[range].parse().unwrap_or(0);
    (part(0..4), part(5..7), part(8..10))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StoredMember {
    member_id: String,
    who: Registered,
    relationship: Relationship,
    /// Pending, granted, withdrawn or not needed; expiry is worked out from `granted_at`.
    consent: Consent,
    #[serde(default)]
    code_sent_at: Option<u64>,
    #[serde(default)]
    attempts: u32,
    #[serde(default)]
    granted_at: Option<u64>,
    #[serde(default)]
    withdrawn_at: Option<u64>,
}

/// One payer's family, keyed in the database by the payer's person key.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct StoredFamily {
    members: Vec<StoredMember>,
}

/// Families the demo people have before anyone adds to them: (payer, relative, relationship,
/// consent, days since it was given, days since it was withdrawn).
const SEEDS: &[(usize, Registered, Relationship, Consent, u64, Option<u64>)] = &[
    // 陈静: one consent in force, one withdrawn, one run out.
    (4, Registered::Person(1), Relationship::Parent, Consent::Granted, 30, None),
    (4, Registered::Person(2), Relationship::Grandparent, Consent::Withdrawn, 100, Some(3)),
    (4, Registered::Relative(11), Relationship::Parent, Consent::Granted, CONSENT_DAYS as u64 + 15, None),
    // 刘洋 (insured in Chengdu, where 家庭共济 is allowed): his spouse 张伟, whose record has
    // months to pay back (亲情社保 into 补缴), his father and his daughter (one family order).
    (3, Registered::Person(0), Relationship::Spouse, Consent::Granted, 10, None),
    (3, Registered::Relative(12), Relationship::Parent, Consent::Granted, 10, None),
    (3, Registered::Relative(13), Relationship::Child, Consent::NotNeeded, 0, None),
    // 赵国强: a full family.
    (6, Registered::Relative(6), Relationship::Spouse, Consent::Granted, 40, None),
    (6, Registered::Relative(7), Relationship::Child, Consent::Granted, 40, None),
    (6, Registered::Relative(8), Relationship::Other, Consent::Granted, 40, None),
    (6, Registered::Relative(9), Relationship::Grandchild, Consent::Granted, 40, None),
    (6, Registered::Relative(10), Relationship::Grandchild, Consent::NotNeeded, 0, None),
];

/// A quote for several members: the payer it was made for and each member's own quote (in
/// `quotes`, as a single payment's is, so receipts and the record read it the same way).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StoredFamilyQuote {
    payer: Person,
    quote: FamilyQuote,
    /// (member id, who, their own quote's id), in the quote's order.
    members: Vec<(String, Person, String)>,
}

/// One part of a family order: the payments it made, one per member (in `payments`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StoredFamilyPayment {
    payer: Person,
    idempotency_key: String,
    request: CreateFamilyPayment,
    /// (member id, their payment's id).
    pub(in crate::api::demo) payments: Vec<(String, String)>,
}

impl Ctx<'_> {
    /// The payer a family token belongs to (a record verification: a verified person).
    fn family_payer(&mut self, token: &str) -> Result<String, ApiError> {
        let payer = family_key(&self.record_grant(token)?.person);
        self.seed_families();
        Ok(payer)
    }

    /// Who `payer`'s family member `member_id` is, while the payer may read their record or
    /// pay for them: a minor always, an adult while their consent is in force. A consent
    /// withdrawn, run out or still to come, and an id not in this family, are refused alike.
    pub(super) fn consenting_member(&mut self, payer: &Person, member_id: &str) -> Result<Person, ApiError> {
        self.seed_families();
        let family = self.db.families.get(&family_key(payer));
        let member = family.and_then(|f| f.members.iter().find(|m| m.member_id == member_id)).ok_or(ApiError::ConsentRequired)?;
        if !matches!(self.member_view(member).consent, Consent::Granted | Consent::NotNeeded) {
            return Err(ApiError::ConsentRequired);
        }
        let who = member.who.clone();
        Ok(match who {
            Registered::Person(i) => Person::Fixture(i),
            other => {
                let (name, masked_id, masked_mobile, _) = other.shown();
                let person = Person::Typed { masked_id, masked_mobile };
                // The name a receipt shows: a relative's in full, a typed-in one's as kept (masked).
                let name = other.known_details().map_or(name, |d| d.0.to_string());
                self.backend.typed_names.lock().unwrap_or_else(|p| p.into_inner()).insert(person.key(), name);
                person
            }
        })
    }

    /// Whether `payer` may read `insured`'s record: `insured` is in their family, a minor or
    /// with their consent in force.
    pub(super) fn reads_record_of(&mut self, payer: &Person, insured: &Person) -> bool {
        self.seed_families();
        let ids: Vec<String> = self.db.families.get(&family_key(payer)).map(|f| f.members.iter().map(|m| m.member_id.clone()).collect()).unwrap_or_default();
        ids.iter().any(|id| self.consenting_member(payer, id).is_ok_and(|member| member.key() == insured.key()))
    }

    /// Gives the demo people their families the first time anyone asks about families (a
    /// payer who then removes members keeps them removed).
    fn seed_families(&mut self) {
        for (index, &(payer, ..)) in SEEDS.iter().enumerate() {
            let key = Person::Fixture(payer).key();
            if SEEDS[..index].iter().any(|s| s.0 == payer) || self.db.families.contains_key(&key) {
                continue;
            }
            let mut members = Vec::new();
            for (_, who, relationship, consent, given_days_ago, withdrawn_days_ago) in SEEDS.iter().filter(|s| s.0 == payer).cloned() {
                let granted_at = (consent != Consent::NotNeeded).then(|| self.now.saturating_sub(given_days_ago * DAY_MS));
                let withdrawn_at = withdrawn_days_ago.map(|d| self.now.saturating_sub(d * DAY_MS));
                members.push(StoredMember { member_id: self.new_id("fm"), who, relationship, consent, code_sent_at: None, attempts: 0, granted_at, withdrawn_at });
            }
            self.db.families.insert(key, StoredFamily { members });
        }
    }

    fn member_view(&self, member: &StoredMember) -> FamilyMember {
        let (name, id_number, mobile, minor) = member.who.shown();
        let until = member.granted_at.map(|at| at + u64::from(CONSENT_DAYS) * DAY_MS);
        let consent = match member.consent {
            Consent::Granted if until.is_some_and(|u| u <= self.now) => Consent::Expired,
            other => other,
        };
        FamilyMember {
            member_id: member.member_id.clone(),
            name,
            id_number,
            relationship: member.relationship,
            minor,
            consent,
            consent_until: matches!(consent, Consent::Granted | Consent::Expired).then(|| until.map(rfc3339_utc)).flatten(),
            withdrawn_at: (consent == Consent::Withdrawn).then(|| member.withdrawn_at.map(rfc3339_utc)).flatten(),
            code_sent_to: (consent == Consent::Pending).then_some(mobile),
        }
    }

    fn family_view(&self, payer: &str) -> Family {
        let members = self.db.families.get(payer).map(|f| f.members.iter().map(|m| self.member_view(m)).collect()).unwrap_or_default();
        Family { max_members: MAX_MEMBERS, consent_days: CONSENT_DAYS, members }
    }

    fn member_mut(&mut self, payer: &str, member_id: &str) -> Result<&mut StoredMember, ApiError> {
        self.db.families.get_mut(payer).and_then(|f| f.members.iter_mut().find(|m| m.member_id == member_id)).ok_or(ApiError::NotFound)
    }

    fn add_member(&mut self, payer: &str, request: AddMember) -> Result<FamilyMember, ApiError> {
        let invalid = |field: &str| ApiError::InvalidRequest { field: Some(field.into()) };
        let name = validate_name(&request.name).map_err(|_| invalid("name"))?;
        let id_number = validate_id_number(&request.id_number).map_err(|_| invalid("id_number"))?;
        let count = self.db.families.get(payer).map_or(0, |f| f.members.len()) as u32;
        if count >= MAX_MEMBERS {
            return Err(ApiError::FamilyFull { max_members: Some(MAX_MEMBERS) });
        }
        let who = Registered::find(&name, &id_number)?;
        let himself = match &who {
            Registered::Person(i) => Person::Fixture(*i).key() == payer,
            Registered::Typed { id_number, .. } => payer.starts_with(&format!("t:{id_number}:")),
            Registered::Relative(_) => false,
        };
        if himself {
            return Err(invalid("id_number"));
        }
        if let Some((holder, member)) = self.db.families.iter().find_map(|(h, f)| f.members.iter().find(|m| m.who.same_as(&who)).map(|m| (h, m))) {
            // The same relative again while their consent is still to come (a lost answer, a
            // second tap): the member as added, not a refusal.
            if holder == payer && member.relationship == request.relationship && matches!(member.consent, Consent::Pending | Consent::NotNeeded) {
                let member = member.clone();
                return Ok(self.member_view(&member));
            }
            return Err(if holder == payer { ApiError::AlreadyMember } else { ApiError::InOtherFamily });
        }
        let member_id = self.new_id("fm");
        let minor = who.shown().3;
        let member = StoredMember {
            member_id,
            who,
            relationship: request.relationship,
            consent: if minor { Consent::NotNeeded } else { Consent::Pending },
            code_sent_at: (!minor).then_some(self.now),
            attempts: 0,
            granted_at: None,
            withdrawn_at: None,
        };
        let view = self.member_view(&member);
        self.db.families.entry(payer.to_string()).or_default().members.push(member);
        Ok(view)
    }

    fn request_consent(&mut self, payer: &str, member_id: &str) -> Result<FamilyMember, ApiError> {
        let now = self.now;
        let current = self.member_mut(payer, member_id)?.clone();
        let view = self.member_view(&current);
        let member = self.member_mut(payer, member_id)?;
        match view.consent {
            Consent::NotNeeded => return Err(ApiError::InvalidRequest { field: Some("member_id".into()) }),
            Consent::Granted => return Ok(view),
            Consent::Pending if member.code_sent_at.is_some_and(|at| now < at + u64::from(SMS_RESEND_SECONDS) * 1000) => {
                let waited = (now - member.code_sent_at.unwrap_or(now)) / 1000;
                return Err(ApiError::TooManyRequests { retry_after_seconds: Some(SMS_RESEND_SECONDS.saturating_sub(waited as u32)) });
            }
            Consent::Pending | Consent::Withdrawn | Consent::Expired => {}
        }
        member.consent = Consent::Pending;
        member.code_sent_at = Some(now);
        member.attempts = 0;
        let member = member.clone();
        Ok(self.member_view(&member))
    }

    fn confirm_consent(&mut self, payer: &str, member_id: &str, code: &str) -> Result<FamilyMember, ApiError> {
        six_digits(code, "code")?;
        let now = self.now;
        let member = self.member_mut(payer, member_id)?;
        match member.consent {
            Consent::Pending => {}
            // The same code twice (a double tap, a lost answer): the consent stands, unless it
            // has run out since.
            Consent::Granted => {
                let stored = member.clone();
                let member = self.member_view(&stored);
                return if member.consent == Consent::Granted { Ok(member) } else { Err(ApiError::CodeExpired) };
            }
            Consent::NotNeeded => return Err(ApiError::InvalidRequest { field: Some("member_id".into()) }),
            Consent::Withdrawn | Consent::Expired => return Err(ApiError::CodeExpired),
        }
        if member.attempts >= SMS_MAX_ATTEMPTS {
            return Err(ApiError::TooManyAttempts);
        }
        if member.code_sent_at.is_none_or(|at| now > at + u64::from(SMS_EXPIRES_SECONDS) * 1000) {
            return Err(ApiError::CodeExpired);
        }
        if code != fixtures::DEMO_SMS_CODE {
            member.attempts += 1;
            let left = SMS_MAX_ATTEMPTS - member.attempts;
            return Err(if left == 0 { ApiError::TooManyAttempts } else { ApiError::InvalidCode { attempts_left: Some(left) } });
        }
        member.consent = Consent::Granted;
        member.granted_at = Some(now);
        member.withdrawn_at = None;
        member.code_sent_at = None;
        let member = member.clone();
        Ok(self.member_view(&member))
    }

    /// Removing is idempotent: a member already gone (or never in this family) leaves the
    /// family as it is, so sending it again after a lost answer is safe.
    fn remove_member(&mut self, payer: &str, member_id: &str) -> Result<Family, ApiError> {
        if let Some(family) = self.db.families.get_mut(payer) {
            family.members.retain(|m| m.member_id != member_id);
        }
        Ok(self.family_view(payer))
    }

    /// A member takes their consent back (from their own phone: a test switch here).
    pub(super) fn withdraw_consent(&mut self, member_id: &str) -> bool {
        let now = self.now;
        let in_force = |m: &StoredMember| m.consent == Consent::Granted && m.granted_at.is_some_and(|at| now < at + u64::from(CONSENT_DAYS) * DAY_MS);
        let found = self.db.families.values_mut().flat_map(|f| f.members.iter_mut()).find(|m| m.member_id == member_id && in_force(m));
        found.map(|m| {
            m.consent = Consent::Withdrawn;
            m.withdrawn_at = Some(now);
        }).is_some()
    }
}

impl FamilyApi for DemoBackend {
    fn family(&self, token: &str) -> ApiFuture<Family> {
        let token = token.to_string();
        self.call(Op::GetFamily, move |ctx| {
            let payer = ctx.family_payer(&token)?;
            Ok(ctx.family_view(&payer))
        })
    }

    fn add_member(&self, token: &str, request: AddMember) -> ApiFuture<FamilyMember> {
        let token = token.to_string();
        self.call(Op::AddFamilyMember, move |ctx| {
            let payer = ctx.family_payer(&token)?;
            ctx.add_member(&payer, request)
        })
    }

    fn request_consent(&self, token: &str, member_id: &str) -> ApiFuture<FamilyMember> {
        let (token, member_id) = (token.to_string(), member_id.to_string());
        self.call(Op::RequestFamilyConsent, move |ctx| {
            let payer = ctx.family_payer(&token)?;
            ctx.request_consent(&payer, &member_id)
        })
    }

    fn confirm_consent(&self, token: &str, member_id: &str, code: &str) -> ApiFuture<FamilyMember> {
        let (token, member_id, code) = (token.to_string(), member_id.to_string(), code.to_string());
        self.call(Op::ConfirmFamilyConsent, move |ctx| {
            let payer = ctx.family_payer(&token)?;
            ctx.confirm_consent(&payer, &member_id, &code)
        })
    }

    fn remove_member(&self, token: &str, member_id: &str) -> ApiFuture<Family> {
        let (token, member_id) = (token.to_string(), member_id.to_string());
        self.call(Op::RemoveFamilyMember, move |ctx| {
            let payer = ctx.family_payer(&token)?;
            ctx.remove_member(&payer, &member_id)
        })
    }

    fn family_status(&self, token: &str, order: &OrderRef) -> ApiFuture<FamilyStatus> {
        let (token, order) = (token.to_string(), order.clone());
        self.call(Op::GetFamilyStatus, move |ctx| ctx.family_status(&token, &order))
    }

    fn family_quote(&self, token: &str, request: FamilyQuoteRequest) -> ApiFuture<FamilyQuote> {
        let token = token.to_string();
        self.call(Op::CreateFamilyQuote, move |ctx| ctx.family_quote(&token, request))
    }

    fn create_family_payment(&self, token: &str, request: CreateFamilyPayment, idempotency_key: &str) -> ApiFuture<FamilyPayment> {
        let (token, key) = (token.to_string(), idempotency_key.to_string());
        self.call(Op::CreateFamilyPayment, move |ctx| ctx.create_family_payment(&token, request, &key))
    }

    fn family_payment(&self, token: &str, payment_id: &str) -> ApiFuture<FamilyPayment> {
        let (token, payment_id) = (token.to_string(), payment_id.to_string());
        self.call(Op::GetFamilyPayment, move |ctx| ctx.family_payment(&token, &payment_id))
    }
}
