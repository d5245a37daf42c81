//! A payer's family (亲情账户 / 亲属代缴): up to a backend-set number of relatives they may pay
//! for and look after. An adult joins only with their own consent, given by an SMS code sent to
//! the phone they registered with social security; a minor is added by their guardian. Every
//! name and ID number in these answers is masked by the backend.

use super::{CheckAmounts, ClientKind, NextAction, FixedTier, LocalText, OrderRef, PaymentMethod, PaymentMethodOffer, PaymentStatus, WindowStatus};
use crate::domain::pricing::Breakdown;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    Parent,
    Spouse,
    Child,
    Grandparent,
    Grandchild,
    Other,
}

impl Relationship {
    pub const ALL: [Relationship; 6] = [Relationship::Parent, Relationship::Spouse, Relationship::Child, Relationship::Grandparent, Relationship::Grandchild, Relationship::Other];

    /// The wire name, as serde writes it (also the form's radio values).
    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::Parent => "parent",
            Relationship::Spouse => "spouse",
            Relationship::Child => "child",
            Relationship::Grandparent => "grandparent",
            Relationship::Grandchild => "grandchild",
            Relationship::Other => "other",
        }
    }
}

/// Where a member's consent stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    /// A minor, added by their guardian: no consent is asked.
    NotNeeded,
    /// A code was sent to the member's phone and has not been typed in yet.
    Pending,
    Granted,
    /// The member took their consent back: nothing may be done for them until they give it again.
    Withdrawn,
    /// The consent ran out (`consent_days` after it was given).
    Expired,
}

impl Consent {
    /// Whether the payer may act for the member now.
    pub fn allows_acting(self) -> bool {
        matches!(self, Consent::NotNeeded | Consent::Granted)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyMember {
    pub member_id: String,
    /// Masked (张*).
    pub name: String,
    /// Masked (1101**********2114).
    pub id_number: String,
    pub relationship: Relationship,
    /// Under 18 on the backend's today.
    pub minor: bool,
    pub consent: Consent,
    /// Granted: when it runs out; expired: when it ran out (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_until: Option<String>,
    /// Withdrawn: when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<String>,
    /// Pending: the member's registered mobile the code went to, masked (139****5678).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_sent_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Family {
    /// How many members a family may have (seed 000: five).
    pub max_members: u32,
    /// How long a consent lasts, in days.
    pub consent_days: u32,
    pub members: Vec<FamilyMember>,
}

impl Family {
    pub fn is_full(&self) -> bool {
        self.members.len() as u32 >= self.max_members
    }

    pub fn member(&self, member_id: &str) -> Option<&FamilyMember> {
        self.members.iter().find(|m| m.member_id == member_id)
    }
}

/// A relative to add, as the payer types them (the only place their whole ID number travels).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddMember {
    pub name: String,
    pub id_number: String,
    pub relationship: Relationship,
}

/// The code a member read out to the payer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentCode {
    pub code: String,
}

impl CheckAmounts for Family {}
impl CheckAmounts for FamilyMember {}

/// Where a member stands for one order (city, product and year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberOrderState {
    /// Paid, by anyone (the member, the payer or another relative): `receipt_serial` says which.
    Paid,
    /// A payment for them is under way and has no outcome yet.
    InProgress,
    /// Not paid, and the window accepts payment.
    Due,
    /// Not paid, and the window for this year is closed.
    WindowClosed,
    /// Their consent is not in force: nothing about them is shown.
    ConsentRequired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberStatus {
    pub member_id: String,
    /// Masked (张*).
    pub name: String,
    pub relationship: Relationship,
    pub state: MemberOrderState,
    /// Paid: the receipt's serial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_serial: Option<String>,
}

/// 家庭缴费总览: each member's state for one product and year in the payer's city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyStatus {
    pub order: OrderRef,
    pub window: WindowStatus,
    /// The tiers one family order may choose between (the same for every member); none where
    /// the product is paid by a choice of each person's own (a wage base): each member is then
    /// paid for on their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<FixedTier>>,
    pub members: Vec<MemberStatus>,
}

/// One order for several members, at one tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyQuoteRequest {
    pub order: OrderRef,
    pub tier: String,
    pub members: Vec<String>,
}

/// One insured person's part of a family quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberBlock {
    pub member_id: String,
    /// Masked (张*).
    pub name: String,
    /// Masked (1101**********2114).
    pub masked_id: String,
    pub breakdown: Breakdown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyQuote {
    pub quote_id: String,
    pub order: OrderRef,
    pub tier_label: LocalText,
    pub period: LocalText,
    pub blocks: Vec<MemberBlock>,
    /// The blocks' totals added up.
    #[serde(with = "crate::domain::money::decimal_string")]
    pub total: Decimal,
    /// The ways to pay it, each with its single-payment limit (and balance, for an account).
    pub methods: Vec<PaymentMethodOffer>,
}

impl FamilyQuote {
    /// Every block adds up, and the total is the blocks' totals.
    pub fn check(&self) -> Result<(), String> {
        for block in &self.blocks {
            block.breakdown.check().map_err(|e| format!("{}: {e:?}", block.member_id))?;
        }
        let sum: Decimal = self.blocks.iter().map(|b| b.breakdown.total).sum();
        if sum != self.total {
            return Err(format!("blocks add up to {sum}, the total says {}", self.total));
        }
        Ok(())
    }
}

/// One part of a family order: the members it pays for, with one method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateFamilyPayment {
    pub quote_id: String,
    pub method: PaymentMethod,
    pub members: Vec<String>,
    /// As `CreatePayment`'s: the backend chooses the hand-off by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
}

impl CreateFamilyPayment {
    /// Whether `other` asks for the same part (quote, method, members), wherever it is sent from.
    pub fn same_payment(&self, other: &CreateFamilyPayment) -> bool {
        (&self.quote_id, self.method, &self.members) == (&other.quote_id, other.method, &other.members)
    }
}

/// Each insured person's own receipt from a family payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberReceipt {
    pub member_id: String,
    pub serial: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyPayment {
    pub payment_id: String,
    pub status: PaymentStatus,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub amount: Decimal,
    pub method: PaymentMethod,
    pub members: Vec<String>,
    /// False when the backend knows for certain no money left the payer's account.
    pub money_taken: bool,
    /// Succeeded: one per member.
    #[serde(default)]
    pub receipts: Vec<MemberReceipt>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<LocalText>,
    /// While `requires_action`: how the payer confirms this part.
    #[serde(default)]
    pub next_action: NextAction,
}

impl CheckAmounts for FamilyStatus {
    fn amounts(&self) -> Vec<Decimal> {
        self.tiers.iter().flatten().flat_map(|t| [t.personal_amount, t.subsidy]).collect()
    }
}
/// The blocks and total are checked, sums included, by `FamilyQuote::check` where it is used.
impl CheckAmounts for FamilyQuote {
    fn amounts(&self) -> Vec<Decimal> {
        self.methods.amounts()
    }
}
impl CheckAmounts for FamilyPayment {
    fn amounts(&self) -> Vec<Decimal> {
        vec![self.amount]
    }
}
