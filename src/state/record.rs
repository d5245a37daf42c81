//! Reading the record (查询) and the family's part of the flow: the city, the reading token,
//! whose record is read, and paying a gap seen in it on the same verification.

use crate::api::{LocalText, OrderRef, Purpose, RecordOf, VerificationSession};
use crate::domain::flow::Step;
use crate::domain::time_limit::{TokenTime, TokenUse};
use serde::{Deserialize, Serialize};
use super::Flow;

/// Which city's record the person reads, and their verification for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordAccess {
    pub province: Option<String>,
    pub city: String,
    pub place: Option<LocalText>,
    pub verification: Option<VerificationSession>,
    /// The read-only token, once verified.
    pub token: Option<String>,
    /// When `token` runs out.
    #[serde(default)]
    pub token_time: Option<TokenTime>,
    /// From the overview, for the year and spending screens: the years with a month grid, and
    /// how late spending shows (no figures are kept).
    #[serde(default)]
    pub years: Vec<u16>,
    #[serde(default)]
    pub spending_delay: Option<crate::api::Delay>,
    /// The record screen (path and query) the person was on when the token expired.
    #[serde(default)]
    pub return_to: Option<String>,
    /// A family member whose record is read with this token (亲情社保, read-only); none while
    /// the person reads their own.
    #[serde(default)]
    pub member: Option<MemberRecord>,
}

/// The family member whose record is shown, and the city it is read in (at first the payer's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberRecord {
    pub member_id: String,
    /// Masked (李*), as the family list shows it.
    pub name: String,
    pub city: String,
    /// The city's name, once the member's record has been read in another city.
    #[serde(default)]
    pub place: Option<LocalText>,
}

impl Flow {
    /// A city chosen to read the record of: verify for it next (a token for another city's
    /// record is kept only when it is the same city).
    pub fn choose_record(&mut self, province: Option<String>, place: Option<LocalText>, city: String) {
        self.purpose = Purpose::Record;
        match &mut self.record {
            Some(record) if record.city == city => {}
            _ => self.record = Some(RecordAccess { province, city, place, ..RecordAccess::default() }),
        }
    }

    /// The record token: the record screens read with it.
    pub fn record_token(&self) -> Option<&str> {
        self.record.as_ref()?.token.as_deref()
    }

    /// Verified to read the record: returns where to go (the record, or the record screen the
    /// person was on when the last token expired).
    pub fn record_verified(&mut self, token: String) -> String {
        let record = self.record.get_or_insert_with(RecordAccess::default);
        record.verification = None;
        record.token = Some(token);
        record.return_to.take().unwrap_or_else(|| "/record".into())
    }

    /// The backend no longer accepts the record token on the record screen at `here`: verify
    /// for the record again, then come back to it.
    pub fn record_expired(&mut self, here: String) {
        self.purpose = Purpose::Record;
        if let Some(record) = &mut self.record {
            record.verification = None;
            record.token = None;
            record.token_time = None;
            record.return_to = Some(here).filter(|h| crate::screens::screen_of_url(h).acts == Some(TokenUse::Read));
        }
    }

    /// 补缴 a gap seen in the record: `order` is paid as any other, and verifying for it builds
    /// on the record's verification (see `prior_token`), so nothing is asked twice. In a family
    /// member's record, the order is the member's, paid by the person who verified.
    pub fn pay_gap(&mut self, order: OrderRef) -> Step {
        let (province, place, member) = match self.record.as_ref() {
            // (A city code's first two digits are its province's: GB/T 2260.)
            Some(RecordAccess { member: Some(m), .. }) if m.place.is_some() => (m.city.get(..2).map(|p| format!("{p}0000")), m.place.clone(), Some(m.member_id.clone())),
            Some(r) => (r.province.clone(), r.place.clone(), r.member.as_ref().map(|m| m.member_id.clone())),
            None => Default::default(),
        };
        self.pay_for(province, place, order, member)
    }

    /// Pays `order` for the family `member` (or oneself), on the record's verification: from
    /// a record's gap, or from the family's overview (a product each person pays by their own
    /// choice of base).
    pub fn pay_for(&mut self, province: Option<String>, place: Option<LocalText>, order: OrderRef, member: Option<String>) -> Step {
        let next = self.choose_order(province, place, Some(order.city), Some(order.product), Some(order.year));
        // A relative's order: whatever was verified before was someone else's.
        if member.is_some() {
            self.forget_verification();
            self.paying_for = member;
        }
        next
    }

    /// A token from the record's verification that paying `order` may build on, with the
    /// family member it is paid for: the record read was in the order's city.
    pub fn prior_token_for_paying(&self) -> Option<(String, Option<String>)> {
        let record = self.record.as_ref()?;
        let read_in = record.member.as_ref().map_or(record.city.as_str(), |m| m.city.as_str());
        let token = record.token.clone().filter(|_| self.purpose == Purpose::Pay && self.city.as_deref() == Some(read_in))?;
        Some((token, self.paying_for.clone()))
    }

    /// 亲情社保: read the record of a family member (their consent is checked on every read).
    pub fn read_member_record(&mut self, member_id: String, name: String) {
        if let Some(record) = &mut self.record {
            record.member = Some(MemberRecord { member_id, name, city: record.city.clone(), place: None });
        }
    }

    /// The record is read in `city` instead (one the backend named as where they are insured):
    /// the member's city while reading a member's record, else one's own.
    pub fn read_record_in(&mut self, city: String, place: LocalText) {
        match &mut self.record {
            Some(RecordAccess { member: Some(member), .. }) => {
                member.city = city;
                member.place = Some(place);
            }
            Some(record) => {
                record.city = city;
                record.place = Some(place);
            }
            None => {}
        }
    }

    /// The family member whose record the record screens read, if any.
    pub fn member_record(&self) -> Option<&MemberRecord> {
        self.record.as_ref()?.member.as_ref()
    }

    /// Back to one's own record (or the family list).
    pub fn leave_member_record(&mut self) {
        if let Some(record) = &mut self.record {
            record.member = None;
        }
    }

    /// Whose record the record screens read, and where, with the token they read it with.
    pub fn record_reading(&self) -> Option<(String, RecordOf)> {
        let record = self.record.as_ref()?;
        let of = match &record.member {
            Some(m) => RecordOf { city: m.city.clone(), member: Some(m.member_id.clone()) },
            None => RecordOf::own(record.city.as_str()),
        };
        Some((record.token.clone()?, of))
    }
}
