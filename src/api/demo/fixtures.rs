//! Deterministic demo data drawn from the seed articles: regions with different tiers, methods
//! and limits, and demo people who each exercise one scenario. README.md lists them.

use crate::api::{Cycle, DetailLevel, LocalText, PaymentMethod, ProductCode, SyncKind, VerifyMethod, WindowStatus};
use crate::domain::pricing::{Discount, DiscountKind};
use rust_decimal::Decimal;

/// The demo backend's "today", so windows, late fees and tests never depend on the real date.
pub const DEMO_TODAY: &str = "2026-11-22";
/// The SMS code the demo backend "sends" to every phone.
pub const DEMO_SMS_CODE: &str = "123456";
/// The e-social-security-card password of every demo person.
pub const DEMO_ECARD_PASSWORD: &str = "135790";

pub struct DemoCity {
    pub province_code: &'static str,
    pub province: (&'static str, &'static str),
    pub code: &'static str,
    pub name: (&'static str, &'static str),
    /// Local monthly average wage (社平工资) in yuan, the base for flexible employment.
    pub monthly_average_wage: i64,
    /// Residents' tiers: (personal share, government subsidy) in yuan.
    pub resident_tiers: [(i64, i64); 3],
    pub newborn_tiers: [(i64, i64); 3],
    pub cycles: &'static [Cycle],
    pub verify_methods: &'static [VerifyMethod],
    /// Payment methods and their single-payment limits in yuan.
    pub payment_methods: &'static [(PaymentMethod, i64)],
    pub offers_flexible_pension: bool,
    /// 家庭共济: the single-payment limit in yuan for paying a relative's medical insurance from
    /// the payer's medical account, where the city allows it. Seeds 000 and 003 name Guangdong,
    /// Zhejiang, Chengdu and Hangzhou; they give no limit, so ¥800 is the demo's own figure.
    pub family_account_limit: Option<i64>,
    /// How the city's record reaches the platform and how much of it (seed 002's table).
    pub record: CityRecord,
}

pub struct CityRecord {
    pub sync: SyncKind,
    pub detail: DetailLevel,
    /// Whether the 社保卡 financial account's balance is shown (Guangzhou, Shenzhen).
    pub card_account: bool,
}

const FIRST_TIER: CityRecord = CityRecord { sync: SyncKind::Daily, detail: DetailLevel::Full, card_account: false };
const PEARL_RIVER: CityRecord = CityRecord { sync: SyncKind::Daily, detail: DetailLevel::Full, card_account: true };
const NEW_FIRST_TIER: CityRecord = CityRecord { sync: SyncKind::Daily, detail: DetailLevel::Basic, card_account: false };
const PROVINCIAL_API: CityRecord = CityRecord { sync: SyncKind::Realtime, detail: DetailLevel::Full, card_account: false };
const COUNTY_FILES: CityRecord = CityRecord { sync: SyncKind::Weekly, detail: DetailLevel::Totals, card_account: false };

use Cycle::*;
use PaymentMethod::*;
use VerifyMethod::*;

const ALL_CYCLES: &[Cycle] = &[Monthly, Quarterly, HalfYearly];
const MONTH_QUARTER: &[Cycle] = &[Monthly, Quarterly];
const MONTHLY_ONLY: &[Cycle] = &[Monthly];

pub const CITIES: &[DemoCity] = &[
    DemoCity {
        province_code: "110000", province: ("北京市", "Beijing"), code: "110100", name: ("北京市", "Beijing"),
        monthly_average_wage: 11937, resident_tiers: [(200, 640), (350, 640), (500, 640)],
        newborn_tiers: [(175, 640), (260, 640), (400, 640)], cycles: MONTH_QUARTER,
        verify_methods: &[Sms, Ecard, Face],
        payment_methods: &[(Wallet, 50000), (BankCard, 20000), (SocialSecurityCard, 10000)],
        offers_flexible_pension: true, family_account_limit: None, record: FIRST_TIER,
    },
    DemoCity {
        province_code: "310000", province: ("上海市", "Shanghai"), code: "310100", name: ("上海市", "Shanghai"),
        monthly_average_wage: 12183, resident_tiers: [(200, 700), (350, 700), (500, 700)],
        newborn_tiers: [(175, 700), (260, 700), (400, 700)], cycles: MONTH_QUARTER,
        verify_methods: &[Sms, Ecard, Face],
        payment_methods: &[(Wallet, 50000), (BankCard, 20000), (SocialSecurityCard, 10000)],
        offers_flexible_pension: true, family_account_limit: None, record: FIRST_TIER,
    },
    DemoCity {
        province_code: "440000", province: ("广东省", "Guangdong"), code: "440100", name: ("广州市", "Guangzhou"),
        monthly_average_wage: 10325, resident_tiers: [(200, 610), (350, 610), (500, 610)],
        newborn_tiers: [(175, 610), (260, 610), (400, 610)], cycles: ALL_CYCLES,
        verify_methods: &[Face, Sms],
        payment_methods: &[(Wallet, 50000), (BankCard, 20000), (CreditCard, 5000), (SocialSecurityCard, 10000)],
        offers_flexible_pension: true, family_account_limit: Some(800), record: PEARL_RIVER,
    },
    DemoCity {
        province_code: "440000", province: ("广东省", "Guangdong"), code: "440300", name: ("深圳市", "Shenzhen"),
        monthly_average_wage: 12964, resident_tiers: [(240, 700), (390, 700), (560, 700)],
        newborn_tiers: [(175, 700), (260, 700), (400, 700)], cycles: ALL_CYCLES,
        verify_methods: &[Face, Sms],
        payment_methods: &[(Wallet, 50000), (BankCard, 20000), (CreditCard, 5000)],
        offers_flexible_pension: true, family_account_limit: None, record: PEARL_RIVER,
    },
    DemoCity {
        province_code: "320000", province: ("江苏省", "Jiangsu"), code: "320100", name: ("南京市", "Nanjing"),
        monthly_average_wage: 10005, resident_tiers: [(200, 640), (350, 640), (500, 640)],
        newborn_tiers: [(175, 640), (260, 640), (400, 640)], cycles: MONTH_QUARTER,
        verify_methods: &[Ecard, Face],
        payment_methods: &[(Wallet, 50000), (SocialSecurityCard, 10000)],
        offers_flexible_pension: true, family_account_limit: None, record: FIRST_TIER,
    },
    DemoCity {
        province_code: "320000", province: ("江苏省", "Jiangsu"), code: "320500", name: ("苏州市", "Suzhou"),
        monthly_average_wage: 10100, resident_tiers: [(200, 640), (350, 640), (500, 640)],
        newborn_tiers: [(175, 640), (260, 640), (400, 640)], cycles: MONTH_QUARTER,
        verify_methods: &[Ecard, Face],
        payment_methods: &[(Wallet, 50000)],
        offers_flexible_pension: false, family_account_limit: None, record: FIRST_TIER,
    },
    DemoCity {
        province_code: "510000", province: ("四川省", "Sichuan"), code: "510100", name: ("成都市", "Chengdu"),
        monthly_average_wage: 8330, resident_tiers: [(200, 640), (350, 640), (500, 640)],
        newborn_tiers: [(175, 640), (260, 640), (400, 640)], cycles: MONTHLY_ONLY,
        verify_methods: &[Sms, Face],
        payment_methods: &[(Wallet, 50000), (BankCard, 20000)],
        offers_flexible_pension: true, family_account_limit: Some(800), record: NEW_FIRST_TIER,
    },
    DemoCity {
        province_code: "430000", province: ("湖南省", "Hunan"), code: "430100", name: ("长沙市", "Changsha"),
        monthly_average_wage: 7930, resident_tiers: [(200, 610), (350, 610), (500, 610)],
        newborn_tiers: [(175, 610), (260, 610), (400, 610)], cycles: MONTHLY_ONLY,
        verify_methods: &[Sms, Ecard],
        payment_methods: &[(Wallet, 50000), (BankCard, 20000), (SocialSecurityCard, 10000)],
        offers_flexible_pension: true, family_account_limit: None, record: PROVINCIAL_API,
    },
    DemoCity {
        province_code: "330000", province: ("浙江省", "Zhejiang"), code: "330100", name: ("杭州市", "Hangzhou"),
        monthly_average_wage: 11000, resident_tiers: [(200, 670), (350, 670), (500, 670)],
        newborn_tiers: [(175, 670), (260, 670), (400, 670)], cycles: ALL_CYCLES,
        verify_methods: &[Face, Sms, Ecard],
        payment_methods: &[(Wallet, 50000), (BankCard, 20000), (CreditCard, 5000), (SocialSecurityCard, 10000)],
        offers_flexible_pension: true, family_account_limit: Some(800), record: NEW_FIRST_TIER,
    },
    // A third-tier city: weekly file exchange, totals only (茂名 in seed 002).
    DemoCity {
        province_code: "440000", province: ("广东省", "Guangdong"), code: "440900", name: ("茂名市", "Maoming"),
        monthly_average_wage: 6520, resident_tiers: [(200, 610), (350, 610), (500, 610)],
        newborn_tiers: [(175, 610), (260, 610), (400, 610)], cycles: MONTHLY_ONLY,
        verify_methods: &[Sms, Face],
        payment_methods: &[(Wallet, 50000), (BankCard, 20000)],
        offers_flexible_pension: true, family_account_limit: None, record: COUNTY_FILES,
    },
];

pub fn city(code: &str) -> Option<&'static DemoCity> {
    CITIES.iter().find(|c| c.code == code)
}

pub fn product_name(product: ProductCode) -> LocalText {
    match product {
        ProductCode::ResidentMedical => LocalText::new("城乡居民医保", "Urban and rural residents' medical insurance"),
        ProductCode::FlexibleMedical => LocalText::new("灵活就业人员医疗保险", "Medical insurance for flexible employment"),
        ProductCode::FlexiblePension => LocalText::new("灵活就业人员养老保险", "Pension insurance for flexible employment"),
        ProductCode::NewbornMedical => LocalText::new("新生儿医保", "Newborn medical insurance"),
    }
}

pub fn product_summary(product: ProductCode) -> LocalText {
    match product {
        ProductCode::ResidentMedical => LocalText::new(
            "按年缴费，政府给予补助。适用于未参加职工医保的城乡居民、学生和儿童。",
            "Paid yearly, with a government subsidy. For residents, students and children without employee insurance.",
        ),
        ProductCode::FlexibleMedical => LocalText::new(
            "个体工商户和灵活就业人员自选缴费基数（社平工资的60%–300%）。",
            "Self-employed and flexible workers choose a base of 60–300 % of the local average wage.",
        ),
        ProductCode::FlexiblePension => LocalText::new(
            "按社平工资的60%–300%选择缴费基数，费率20%。",
            "Choose a base of 60–300 % of the local average wage; the rate is 20 %.",
        ),
        ProductCode::NewbornMedical => LocalText::new(
            "新生儿出生后可随时参保，当年享受待遇。",
            "A newborn can be enrolled at any time after birth and is covered that year.",
        ),
    }
}

/// (year, opens on, deadline, status, days late as of DEMO_TODAY)
pub fn years(product: ProductCode) -> Vec<(u16, &'static str, &'static str, WindowStatus, u32)> {
    match product {
        ProductCode::ResidentMedical => vec![
            (2027, "2026-09-01", "2026-12-31", WindowStatus::Open, 0),
            (2026, "2025-09-01", "2025-12-31", WindowStatus::BackPayment, 326),
            (2025, "2024-09-01", "2024-12-31", WindowStatus::Closed, 0),
        ],
        ProductCode::FlexibleMedical | ProductCode::FlexiblePension => vec![
            (2026, "2026-01-01", "2026-12-31", WindowStatus::Open, 0),
            (2025, "2025-01-01", "2025-12-31", WindowStatus::BackPayment, 326),
        ],
        ProductCode::NewbornMedical => vec![
            (2026, "2026-01-01", "2026-12-31", WindowStatus::Open, 0),
            (2027, "2027-01-01", "2027-12-31", WindowStatus::NotYetOpen, 0),
        ],
    }
}

pub fn rates(product: ProductCode) -> Vec<Decimal> {
    match product {
        ProductCode::FlexiblePension => vec![Decimal::from(20)],
        _ => vec![Decimal::from(8), Decimal::from(9), Decimal::from(10)],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Normal,
    /// The person's order is already paid: the app must stop before the tier screen's button.
    AlreadyPaid,
    /// Face verification never matches: the app must offer the other methods.
    FaceFails,
    /// The payment is declined by the bank; no money is taken.
    PaymentFails,
    /// The payment waits for confirmation that never comes, then expires (time to cancel it).
    PaymentExpires,
}

pub struct DemoPerson {
    pub name: &'static str,
    pub id_number: &'static str,
    pub mobile: &'static str,
    pub scenario: Scenario,
    pub concession: Option<Discount>,
}

pub const PEOPLE: &[DemoPerson] = &[
    DemoPerson { name: "张伟", id_number: "110101198503072115", mobile: "13800138000", scenario: Scenario::Normal, concession: None },
    DemoPerson { name: "李娜", id_number: "440106197208153020", mobile: "13912345678", scenario: Scenario::AlreadyPaid, concession: None },
    DemoPerson { name: "王芳", id_number: "320102195804124021", mobile: "13700001111", scenario: Scenario::FaceFails, concession: None },
    DemoPerson { name: "刘洋", id_number: "510107199001013315", mobile: "13600002222", scenario: Scenario::PaymentFails, concession: None },
    DemoPerson { name: "陈静", id_number: "430102199511204021", mobile: "13500003333", scenario: Scenario::PaymentExpires, concession: None },
    DemoPerson {
        name: "杨帆", id_number: "330106200509012132", mobile: "13300004444", scenario: Scenario::Normal,
        concession: Some(Discount { kind: DiscountKind::Student, percent: 50 }),
    },
    DemoPerson {
        name: "赵国强", id_number: "310115194910014518", mobile: "13200005555", scenario: Scenario::Normal,
        concession: Some(Discount { kind: DiscountKind::FiscalPayOnBehalf, percent: 100 }),
    },
    DemoPerson { name: "周小宝", id_number: "110105202503152013", mobile: "13100006666", scenario: Scenario::Normal, concession: None },
];

pub fn person_by_id(id_number: &str) -> Option<(usize, &'static DemoPerson)> {
    PEOPLE.iter().enumerate().find(|(_, p)| p.id_number == id_number)
}

/// How a demo person's record in one city came about (the months of the record's five years
/// are worked out from it: see `demo::record`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Career {
    /// Employed throughout, at a contribution base rising 500 a year from `base_2022`, after
    /// `earlier_months` paid before the record's years.
    Employee { base_2022: i64, earlier_months: u32 },
    /// Employed until March 2024, three months between jobs, then paying pension and medical
    /// as a flexible worker: a gap in March–May 2025 (still payable: back payment) and arrears
    /// for September–October 2026.
    EmployeeThenFlexible { base_2022: i64, earlier_months: u32 },
    /// Insurance being transferred here from another region (转移接续).
    TransferringIn,
    /// Worked here before the record's years and left: only totals remain.
    LeftEarlier { months: u32, pension: i64, medical: i64 },
}

/// Where each demo person (by index into PEOPLE) has a record.
pub const RECORDS: &[(usize, &str, Career)] = &[
    (0, "110100", Career::EmployeeThenFlexible { base_2022: 8000, earlier_months: 168 }),
    (1, "440100", Career::Employee { base_2022: 9000, earlier_months: 220 }),
    (1, "440900", Career::LeftEarlier { months: 46, pension: 9873, medical: 1210 }),
    (3, "510100", Career::Employee { base_2022: 7000, earlier_months: 60 }),
    (4, "430100", Career::TransferringIn),
];

/// How many working days a transfer takes to show (seed 002).
pub const TRANSFER_WORKING_DAYS: u32 = 15;
