//! A person's record (我的社保): which of the five insurances they have in a city, their
//! account balances, months paid, and every month of every year, as the city's social security
//! system reports them. Every figure carries the time it was true (`as_of`): cities sync with
//! the platform in real time, daily or weekly, and some offer only totals.

use super::{CheckAmounts, LocalText, OrderRef};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The five insurances (五险), in the order people name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Insurance {
    /// 养老保险
    Pension,
    /// 医疗保险
    Medical,
    /// 失业保险
    Unemployment,
    /// 工伤保险
    WorkInjury,
    /// 生育保险
    Maternity,
}

impl Insurance {
    pub const ALL: [Insurance; 5] = [Insurance::Pension, Insurance::Medical, Insurance::Unemployment, Insurance::WorkInjury, Insurance::Maternity];

    /// The wire name, as serde writes it (also used for element ids and CSV).
    pub fn as_str(self) -> &'static str {
        match self {
            Insurance::Pension => "pension",
            Insurance::Medical => "medical",
            Insurance::Unemployment => "unemployment",
            Insurance::WorkInjury => "work_injury",
            Insurance::Maternity => "maternity",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Enrolment {
    /// 正常参保
    Insured,
    /// 暂停缴费 (e.g. between jobs): the record is kept, contributions have stopped.
    Suspended,
    /// 未参保 in this city.
    NotInsured,
}

/// How the city's system reaches the platform, which says how fresh its figures can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncKind {
    /// API直连: real time.
    Realtime,
    /// 中间库同步: once a day.
    Daily,
    /// 文件交换: once a week.
    Weekly,
}

/// How much the city offers: every month of the five insurances, the basic figures, or totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailLevel {
    Full,
    Basic,
    /// Only the pension and medical totals and months paid (no month grid, no spending list).
    Totals,
}

/// An amount of money and when it was true (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    #[serde(with = "crate::domain::money::decimal_string")]
    pub amount: Decimal,
    pub as_of: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceStatus {
    pub insurance: Insurance,
    pub status: Enrolment,
    pub as_of: String,
}

/// How long medical spending takes to show here, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delay {
    pub min_working_days: u32,
    pub max_working_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordOverview {
    pub region: LocalText,
    /// The holder's name, masked (张*).
    pub holder: String,
    pub sync: SyncKind,
    pub detail: DetailLevel,
    /// When the city's data was last received.
    pub as_of: String,
    pub insurances: Vec<InsuranceStatus>,
    /// 养老保险个人账户
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pension_account: Option<Figure>,
    /// 医保个人账户
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_account: Option<Figure>,
    /// 社保卡金融账户, where the city shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_account: Option<Figure>,
    /// 累计缴费月数 (缴费年限)
    pub months_paid: u32,
    pub months_paid_as_of: String,
    /// The current monthly contribution base (缴费基数), where the city shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contribution_base: Option<Figure>,
    /// Years with a month grid, newest first (none where the city offers totals only).
    #[serde(default)]
    pub years: Vec<u16>,
    /// Whether a medical spending list is offered, and how late it can be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spending_delay: Option<Delay>,
    /// The person changed employer within the record: balances can sit in separate accounts
    /// for a while (the advice for 余额不符).
    #[serde(default)]
    pub employer_changed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthState {
    Paid,
    /// Nothing was due or paid (no employer, no self-payment): 断缴.
    Gap,
    /// Due and not paid: 欠费, owed with a late fee.
    Arrears,
    /// A month not reached yet.
    NotDue,
    NotInsured,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaidBy {
    Employer,
    /// 个人缴纳 (flexible employment, residents).
    #[serde(rename = "self")]
    Myself,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthEntry {
    /// 1–12
    pub month: u8,
    pub state: MonthState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_by: Option<PaidBy>,
    /// What was paid for the month (both shares).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::money::optional_decimal_string")]
    pub amount: Option<Decimal>,
    /// The receipt of a payment made through this app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_serial: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceYear {
    pub insurance: Insurance,
    /// Twelve months, January first.
    pub months: Vec<MonthEntry>,
    /// The sum of the months' amounts.
    #[serde(with = "crate::domain::money::decimal_string")]
    pub total: Decimal,
    /// Where this year's gaps can still be paid (补缴): the order that pays them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_pay: Option<OrderRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordYear {
    pub year: u16,
    pub as_of: String,
    pub insurances: Vec<InsuranceYear>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spending {
    /// YYYY-MM-DD
    pub date: String,
    pub place: LocalText,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub amount: Decimal,
    /// The medical account's balance after it.
    #[serde(with = "crate::domain::money::decimal_string")]
    pub balance_after: Decimal,
}

/// One page of medical account spending (医保消费记录), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendingPage {
    pub as_of: String,
    pub items: Vec<Spending>,
    /// 1-based
    pub page: u32,
    pub pages: u32,
}

/// A proof of insurance (参保缴费证明) for one city, with a code anyone can check at the
/// address its QR code encodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordProof {
    pub code: String,
    pub issued_at: String,
    pub region: LocalText,
    /// Masked (张*), as are the ID number's middle digits.
    pub holder: String,
    pub holder_masked_id: String,
    pub insurances: Vec<InsuranceStatus>,
    pub months_paid: u32,
    /// When the city's figures it states were true.
    pub as_of: String,
    /// What the QR code encodes; contains the code.
    pub verify_url: String,
}

/// Whose record a call reads, and in which city: the verified person's own, or a member of
/// their family's (the backend checks that member's consent on every call).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordOf {
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
}

impl RecordOf {
    pub fn own(city: impl Into<String>) -> Self {
        RecordOf { city: city.into(), member: None }
    }
}

/// Body of a request for a proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofRequest {
    pub city: String,
}

impl CheckAmounts for RecordProof {}

impl CheckAmounts for RecordOverview {
    fn amounts(&self) -> Vec<Decimal> {
        [&self.pension_account, &self.medical_account, &self.card_account, &self.contribution_base].into_iter().flatten().map(|f| f.amount).collect()
    }
}

impl CheckAmounts for RecordYear {
    fn amounts(&self) -> Vec<Decimal> {
        self.insurances.iter().flat_map(|i| std::iter::once(i.total).chain(i.months.iter().filter_map(|m| m.amount))).collect()
    }
}

impl CheckAmounts for SpendingPage {
    fn amounts(&self) -> Vec<Decimal> {
        self.items.iter().flat_map(|s| [s.amount, s.balance_after]).collect()
    }
}

impl InsuranceYear {
    /// Whether the total is the sum of the months, as the screen says it is.
    pub fn adds_up(&self) -> bool {
        self.months.iter().filter_map(|m| m.amount).sum::<Decimal>() == self.total
    }

    /// Months in the grid that are gaps or arrears.
    pub fn missing(&self) -> usize {
        self.months.iter().filter(|m| matches!(m.state, MonthState::Gap | MonthState::Arrears)).count()
    }
}

impl RecordYear {
    /// The answer is complete and its sums hold: twelve months per insurance, in order, and
    /// each total is the sum of its months. The screen refuses one that is not.
    pub fn check(&self) -> Result<(), String> {
        for row in &self.insurances {
            let in_order = row.months.iter().enumerate().all(|(i, m)| usize::from(m.month) == i + 1);
            if row.months.len() != 12 || !in_order {
                return Err(format!("{}: months", row.insurance.as_str()));
            }
            if !row.adds_up() {
                return Err(format!("{}: total", row.insurance.as_str()));
            }
        }
        Ok(())
    }
}

/// The year-by-year record as CSV: one row per insurance and month. (Saved as UTF-8 with a
/// byte-order mark, so spreadsheet programs read the Chinese right.)
pub fn record_csv(years: &[RecordYear], name: impl Fn(Insurance) -> String, state: impl Fn(MonthState) -> String, payer: impl Fn(PaidBy) -> String, header: [&str; 6]) -> String {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for year in years {
        for row in &year.insurances {
            for m in &row.months {
                let fields = [
                    format!("{}-{:02}", year.year, m.month),
                    name(row.insurance),
                    state(m.state),
                    m.paid_by.map(&payer).unwrap_or_default(),
                    m.amount.map(|a| format!("{:.2}", crate::domain::money::round_fen(a))).unwrap_or_default(),
                    m.receipt_serial.clone().unwrap_or_default(),
                ];
                out.push_str(&fields.map(|f| csv_field(&f)).join(","));
                out.push_str("\r\n");
            }
        }
    }
    out
}

/// A CSV field, quoted when it must be; a leading `=`, `+`, `-` or `@` is defused so a
/// spreadsheet never runs it as a formula.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn month(month: u8, amount: Option<i64>) -> MonthEntry {
        MonthEntry {
            month,
            state: if amount.is_some() { MonthState::Paid } else { MonthState::Gap },
            paid_by: amount.map(|_| PaidBy::Employer),
            amount: amount.map(Decimal::from),
            receipt_serial: None,
        }
    }

    fn year(total: i64) -> RecordYear {
        let months = (1..=12).map(|m| month(m, (m != 3).then_some(100))).collect();
        RecordYear { year: 2025, as_of: "2026-11-21T16:00:00Z".into(), insurances: vec![InsuranceYear { insurance: Insurance::Pension, months, total: Decimal::from(total), back_pay: None }] }
    }

    #[test]
    fn a_year_whose_total_is_not_its_months_is_refused() {
        assert_eq!(year(1100).check(), Ok(()));
        assert_eq!(year(1200).check(), Err("pension: total".into()));
        let mut short = year(1100);
        short.insurances[0].months.pop();
        assert!(short.check().is_err());
        assert_eq!(year(1100).insurances[0].missing(), 1);
    }

    #[test]
    fn the_csv_has_a_row_per_month_and_defuses_formulas() {
        let mut y = year(1100);
        y.insurances[0].months[0].receipt_serial = Some("=HYPERLINK(1)".into());
        let csv = record_csv(&[y], |i| i.as_str().into(), |s| format!("{s:?}"), |p| format!("{p:?}"), ["month", "insurance", "state", "paid by", "amount", "receipt"]);
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 13);
        assert_eq!(lines[0], "month,insurance,state,paid by,amount,receipt");
        assert_eq!(lines[1], "2025-01,pension,Paid,Employer,100.00,'=HYPERLINK(1)");
        assert_eq!(lines[3], "2025-03,pension,Gap,,,");
    }
}
