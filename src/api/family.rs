//! A payer's family (亲情账户 / 亲属代缴): up to a backend-set number of relatives they may pay
//! for and look after. An adult joins only with their own consent, given by an SMS code sent to
//! the phone they registered with social security; a minor is added by their guardian. Every
//! name and ID number in these answers is masked by the backend.

use super::CheckAmounts;
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
