//! Deterministic demo data drawn from the seed articles: regions with different tiers, methods
//! and limits, and demo people who each exercise one scenario. README.md lists them.

use crate::api::{Cycle, DetailLevel, LocalText, PaymentMethod, ProductCode, RegistrationGuide, RegistrationKind, SyncKind, VerifyMethod, WindowStatus};
use crate::domain::pricing::{Discount, DiscountKind};
use rust_decimal::Decimal;

/// The demo backend's "today", so windows, late fees and tests never depend on the real date.
pub const DEMO_TODAY: &str = "2026-11-22";
/// Public holidays near the demo's today, which are not working days (2026 and 2027's New Year).
pub const HOLIDAYS: &[&str] = &["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07", "2027-01-01"];
/// Seed 001 §4: the fund receives a payment in 1–3 working days; the status follows one
/// working day later.
pub const FUND_WORKING_DAYS: (u32, u32) = (1, 3);
pub const STATUS_WORKING_DAYS_AFTER: u32 = 1;

/// The SMS code the demo backend "sends" to every phone.
pub const DEMO_SMS_CODE: &str = "123456";
/// The e-social-security-card password of every demo person.
pub const DEMO_ECARD_PASSWORD: &str = "135790";

pub struct DemoCity {
    pub province_code: &'static str,
    pub province: (&'static str, &'static str),
    pub code: &'static str,
    pub name: (&'static str, &'static str),
    /// Local monthly average wage (社平工资) in yuan: the pension's base (60–300 % of it) and
    /// flexible-employment medical's (8, 9 or 10 % of it, seed 001 §3). The demo's own figures.
    pub monthly_average_wage: i64,
    /// Residents' (and newborns') medical insurance, a year: (personal share, government
    /// subsidy) in yuan, one pair per tier. Seed 003 §2 gives one standard and its subsidy for
    /// its cities; seed 001 §3 gives three tiers of 200/350/500 with a subsidy of at least 610.
    pub resident_tiers: &'static [(i64, i64)],
    pub cycles: &'static [Cycle],
    pub verify_methods: &'static [VerifyMethod],
    /// Every one of `verify_methods` must pass, in their order (Guangdong: the face, then an SMS
    /// code, seed 000 §1); elsewhere one of them pays.
    pub verify_in_order: bool,
    /// A pilot county (seed 003 §2: 需线下确认后线上支付) confirms each person's eligibility
    /// offline before they may pay online: the ID numbers it has confirmed. Elsewhere, None.
    pub confirmed_offline: Option<&'static [&'static str]>,
    /// Payment methods and their single-payment limits in yuan.
    pub payment_methods: &'static [(PaymentMethod, i64)],
    /// How a flexible worker's pension is chosen here (seed 000 §2), if the city offers it.
    pub pension: Option<PensionTiers>,
    /// 家庭共济: the single-payment limit in yuan for paying a relative's medical insurance from
    /// the payer's medical account, where the city allows it. Seeds 000 and 003 name Guangdong,
    /// Zhejiang, Chengdu and Hangzhou; they give no limit, so ¥800 is the demo's own figure.
    pub family_account_limit: Option<i64>,
    /// How the city's record reaches the platform and how much of it (seed 002's table).
    pub record: CityRecord,
}

impl DemoCity {
    /// The residents' tier a person typically chose (the middle one, or the only one).
    pub fn typical_resident_share(&self) -> i64 {
        self.resident_tiers[self.resident_tiers.len() / 2].0
    }
}

/// How a flexible worker's pension is priced in a city (seed 000 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PensionTiers {
    /// A base of 60–300 % of the average wage, at 20 % (Beijing, Shanghai, Guangdong, Zhejiang).
    WageBase,
    /// Fixed monthly amounts to choose from, in yuan (Sichuan, Hunan: 固定金额档位). The seed
    /// names no amounts: these are the demo's own.
    FixedMonthly(&'static [i64]),
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

/// Seed 003 §2, first-tier cities (北京/上海): a standard of 1,280 a year with a 640 subsidy.
const FIRST_TIER_STANDARD: &[(i64, i64)] = &[(640, 640)];
/// Seed 003 §2, new first-tier cities (成都/杭州): 960 with a 570 subsidy.
const NEW_FIRST_TIER_STANDARD: &[(i64, i64)] = &[(390, 570)];
/// Seed 003 §2, third- and fourth-tier cities (洛阳/遵义): 650 with a 500 subsidy.
const THIRD_TIER_STANDARD: &[(i64, i64)] = &[(150, 500)];
/// Seed 003 §2, a rural pilot county: 380 with a 320 subsidy.
const PILOT_COUNTY_STANDARD: &[(i64, i64)] = &[(60, 320)];
/// Seed 001 §3: three tiers of 200, 350 and 500, with the national minimum subsidy of 610.
const SEED_001_TIERS: &[(i64, i64)] = &[(200, 610), (350, 610), (500, 610)];

/// The most a person may pay with a method in one day, in yuan. Seed 001 §4: a bank card is
/// bound by its bank's daily limit; the figures are the demo's own.
pub fn daily_limit(method: PaymentMethod) -> Option<i64> {
    match method {
        Wallet => Some(200_000),
        BankCard => Some(50_000),
        CreditCard => Some(20_000),
        _ => None,
    }
}

/// Seed 000 §1: Guangdong pays by WeChat's wallet or a bank card.
const GUANGDONG_METHODS: &[(PaymentMethod, i64)] = &[(Wallet, 50000), (BankCard, 20000)];
/// Seed 000 §1: Jiangsu verifies by the e-social-security-card's password only.
const JIANGSU_VERIFY: &[VerifyMethod] = &[Ecard];
/// Seed 000 §1: Jiangsu takes WeChat Pay only.
const JIANGSU_METHODS: &[(PaymentMethod, i64)] = &[(Wallet, 50000)];
/// Guangdong's two, with a rural commercial bank's card that allows ¥500 a payment (the
/// demo's own figure; seed 001 §4: the bank's limits bind): a family order by card goes in parts.
const MAOMING_METHODS: &[(PaymentMethod, i64)] = &[(Wallet, 50000), (BankCard, 500)];

pub const CITIES: &[DemoCity] = &[
    DemoCity {
        province_code: "110000", province: ("北京市", "Beijing"), code: "110100", name: ("北京市", "Beijing"),
        monthly_average_wage: 11937, resident_tiers: FIRST_TIER_STANDARD, cycles: MONTH_QUARTER,
        verify_methods: &[Sms, Ecard, Face],
        verify_in_order: false,
        confirmed_offline: None,
        payment_methods: &[(Wallet, 50000), (BankCard, 20000), (SocialSecurityCard, 10000)],
        pension: Some(PensionTiers::WageBase), family_account_limit: None, record: FIRST_TIER,
    },
    DemoCity {
        province_code: "310000", province: ("上海市", "Shanghai"), code: "310100", name: ("上海市", "Shanghai"),
        monthly_average_wage: 12183, resident_tiers: FIRST_TIER_STANDARD, cycles: MONTH_QUARTER,
        verify_methods: &[Sms, Ecard, Face],
        verify_in_order: false,
        confirmed_offline: None,
        payment_methods: &[(Wallet, 50000), (BankCard, 20000), (SocialSecurityCard, 10000)],
        pension: Some(PensionTiers::WageBase), family_account_limit: None, record: FIRST_TIER,
    },
    DemoCity {
        province_code: "440000", province: ("广东省", "Guangdong"), code: "440100", name: ("广州市", "Guangzhou"),
        monthly_average_wage: 10325, resident_tiers: SEED_001_TIERS, cycles: ALL_CYCLES,
        verify_methods: &[Face, Sms],
        verify_in_order: true,
        confirmed_offline: None,
        payment_methods: GUANGDONG_METHODS,
        pension: Some(PensionTiers::WageBase), family_account_limit: Some(800), record: PEARL_RIVER,
    },
    DemoCity {
        province_code: "440000", province: ("广东省", "Guangdong"), code: "440300", name: ("深圳市", "Shenzhen"),
        monthly_average_wage: 12964, resident_tiers: SEED_001_TIERS, cycles: ALL_CYCLES,
        verify_methods: &[Face, Sms],
        verify_in_order: true,
        confirmed_offline: None,
        payment_methods: GUANGDONG_METHODS,
        pension: Some(PensionTiers::WageBase), family_account_limit: None, record: PEARL_RIVER,
    },
    DemoCity {
        province_code: "320000", province: ("江苏省", "Jiangsu"), code: "320100", name: ("南京市", "Nanjing"),
        monthly_average_wage: 10005, resident_tiers: SEED_001_TIERS, cycles: MONTH_QUARTER,
        verify_methods: JIANGSU_VERIFY,
        verify_in_order: false,
        confirmed_offline: None,
        payment_methods: JIANGSU_METHODS,
        pension: Some(PensionTiers::WageBase), family_account_limit: None, record: FIRST_TIER,
    },
    DemoCity {
        province_code: "320000", province: ("江苏省", "Jiangsu"), code: "320500", name: ("苏州市", "Suzhou"),
        monthly_average_wage: 10100, resident_tiers: SEED_001_TIERS, cycles: MONTH_QUARTER,
        verify_methods: JIANGSU_VERIFY,
        verify_in_order: false,
        confirmed_offline: None,
        payment_methods: JIANGSU_METHODS,
        pension: None, family_account_limit: None, record: FIRST_TIER,
    },
    DemoCity {
        province_code: "510000", province: ("四川省", "Sichuan"), code: "510100", name: ("成都市", "Chengdu"),
        monthly_average_wage: 8330, resident_tiers: NEW_FIRST_TIER_STANDARD, cycles: MONTHLY_ONLY,
        verify_methods: &[Sms, Face],
        verify_in_order: false,
        confirmed_offline: None,
        payment_methods: &[(Wallet, 50000), (BankCard, 20000)],
        pension: Some(PensionTiers::FixedMonthly(&[1000, 1500, 2000])), family_account_limit: Some(800), record: NEW_FIRST_TIER,
    },
    DemoCity {
        province_code: "430000", province: ("湖南省", "Hunan"), code: "430100", name: ("长沙市", "Changsha"),
        monthly_average_wage: 7930, resident_tiers: SEED_001_TIERS, cycles: MONTHLY_ONLY,
        verify_methods: &[Sms, Ecard, Face],
        verify_in_order: false,
        confirmed_offline: None,
        payment_methods: &[(Wallet, 50000), (BankCard, 20000), (SocialSecurityCard, 10000)],
        pension: Some(PensionTiers::FixedMonthly(&[950, 1400, 1900])), family_account_limit: None, record: PROVINCIAL_API,
    },
    DemoCity {
        province_code: "330000", province: ("浙江省", "Zhejiang"), code: "330100", name: ("杭州市", "Hangzhou"),
        monthly_average_wage: 11000, resident_tiers: NEW_FIRST_TIER_STANDARD, cycles: ALL_CYCLES,
        verify_methods: &[Face, Sms, Ecard],
        verify_in_order: false,
        confirmed_offline: None,
        payment_methods: &[(Wallet, 50000), (BankCard, 20000), (CreditCard, 5000), (SocialSecurityCard, 10000)],
        pension: Some(PensionTiers::WageBase), family_account_limit: Some(800), record: NEW_FIRST_TIER,
    },
    // A third-tier city: weekly file exchange, totals only (茂名 in seed 002).
    DemoCity {
        province_code: "440000", province: ("广东省", "Guangdong"), code: "440900", name: ("茂名市", "Maoming"),
        monthly_average_wage: 6520, resident_tiers: SEED_001_TIERS, cycles: MONTHLY_ONLY,
        verify_methods: &[Face, Sms],
        verify_in_order: true,
        confirmed_offline: None,
        payment_methods: MAOMING_METHODS,
        pension: Some(PensionTiers::WageBase), family_account_limit: None, record: COUNTY_FILES,
    },
    // Seed 003's rural pilot county: 380 a year with a 320 subsidy, eligibility confirmed
    // offline before paying online (兰考 is the demo's choice; the seed names none).
    DemoCity {
        province_code: "410000", province: ("河南省", "Henan"), code: "410225", name: ("兰考县", "Lankao County"),
        monthly_average_wage: 5480, resident_tiers: PILOT_COUNTY_STANDARD, cycles: MONTHLY_ONLY,
        verify_methods: &[Sms, Ecard],
        verify_in_order: false,
        confirmed_offline: Some(&["410225196205083025"]),
        payment_methods: &[(Wallet, 50000), (BankCard, 20000)],
        pension: None, family_account_limit: None, record: COUNTY_FILES,
    },
    // Seed 003's third-tier city (洛阳), with its standard; no face check offered there.
    DemoCity {
        province_code: "410000", province: ("河南省", "Henan"), code: "410300", name: ("洛阳市", "Luoyang"),
        monthly_average_wage: 6210, resident_tiers: THIRD_TIER_STANDARD, cycles: MONTHLY_ONLY,
        verify_methods: &[Sms, Ecard],
        verify_in_order: false,
        confirmed_offline: None,
        payment_methods: &[(Wallet, 50000), (BankCard, 20000)],
        pension: Some(PensionTiers::WageBase), family_account_limit: None, record: COUNTY_FILES,
    },
];

/// Where a person registers in `city_code` (or, in a pilot county, has their eligibility
/// confirmed) before paying online there. Seed 001 §6: online payment from the next day; §8:
/// details that do not match are corrected with the 户口本 at the community service centre.
/// Seed 000 names 粤省事 for Guangdong's government services.
pub fn registration_guide(city_code: &str) -> RegistrationGuide {
    let demo_city = city(city_code);
    let pilot = demo_city.is_some_and(|c| c.confirmed_offline.is_some());
    let (kind, office) = match pilot {
        true => (RegistrationKind::ConfirmEligibility, LocalText::new("户籍所在乡镇（街道）便民服务中心", "the service centre of your township (or street)")),
        false => (RegistrationKind::Register, LocalText::new("户籍所在地社区（村）服务中心或医保经办机构", "your community (or village) service centre, or the medical insurance office")),
    };
    let online = match demo_city.map(|c| c.province_code) {
        Some("440000") => Some(LocalText::new("粤省事小程序「参保登记」", "the 粤省事 mini program (参保登记)")),
        _ => None,
    };
    let correct_details = LocalText::new("持户口本到户籍所在地社区服务中心更正", "take your household register (户口本) to your community service centre");
    RegistrationGuide { kind, office, online, pay_online_after_days: 1, correct_details }
}

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

pub fn product_summary(product: ProductCode, city: &DemoCity) -> LocalText {
    match product {
        ProductCode::ResidentMedical => LocalText::new(
            "按年缴费，政府给予补助。适用于未参加职工医保的城乡居民、学生和儿童。",
            "Paid yearly, with a government subsidy. For residents, students and children without employee insurance.",
        ),
        ProductCode::FlexibleMedical => LocalText::new(
            "个体工商户和灵活就业人员按当地社平工资的8%、9%或10%缴费。",
            "Self-employed and flexible workers pay 8, 9 or 10 % of the local average wage.",
        ),
        ProductCode::FlexiblePension => match city.pension {
            Some(PensionTiers::FixedMonthly(_)) => LocalText::new("按当地规定的固定金额档次按月缴费。", "Paid monthly, at one of the city's fixed amounts."),
            _ => LocalText::new("按社平工资的60%–300%选择缴费基数，费率20%。", "Choose a base of 60–300 % of the local average wage; the rate is 20 %."),
        },
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
    /// The backend has no registration for the person anywhere (未参保): paying is refused
    /// with where to register.
    NotRegistered,
}

pub struct DemoPerson {
    /// Paid earlier today with a method, outside this app (the provider tells the backend):
    /// it counts against that method's daily limit.
    pub paid_today_elsewhere: &'static [(PaymentMethod, i64)],
    pub name: &'static str,
    pub id_number: &'static str,
    pub mobile: &'static str,
    pub scenario: Scenario,
    pub concession: Option<Discount>,
}

pub const PEOPLE: &[DemoPerson] = &[
    DemoPerson { paid_today_elsewhere: &[], name: "张伟", id_number: "110101198503072115", mobile: "13800138000", scenario: Scenario::Normal, concession: None },
    DemoPerson { paid_today_elsewhere: &[], name: "李娜", id_number: "440106197208153020", mobile: "13912345678", scenario: Scenario::AlreadyPaid, concession: None },
    DemoPerson { paid_today_elsewhere: &[], name: "王芳", id_number: "320102195804124021", mobile: "13700001111", scenario: Scenario::FaceFails, concession: None },
    DemoPerson { paid_today_elsewhere: &[], name: "刘洋", id_number: "510107199001013315", mobile: "13600002222", scenario: Scenario::PaymentFails, concession: None },
    DemoPerson { paid_today_elsewhere: &[], name: "陈静", id_number: "430102199511204021", mobile: "13500003333", scenario: Scenario::PaymentExpires, concession: None },
    DemoPerson {
        paid_today_elsewhere: &[],
        name: "杨帆", id_number: "330106200509012132", mobile: "13300004444", scenario: Scenario::Normal,
        concession: Some(Discount { kind: DiscountKind::Student, percent: 50 }),
    },
    DemoPerson {
        paid_today_elsewhere: &[],
        name: "赵国强", id_number: "310115194910014518", mobile: "13200005555", scenario: Scenario::Normal,
        concession: Some(Discount { kind: DiscountKind::FiscalPayOnBehalf, percent: 100 }),
    },
    DemoPerson { paid_today_elsewhere: &[], name: "周小宝", id_number: "110105202503152013", mobile: "13100006666", scenario: Scenario::Normal, concession: None },
    // Has paid ¥48,000 by bank card today already: ¥2,000 is left of its daily ¥50,000.
    DemoPerson { paid_today_elsewhere: &[(BankCard, 48_000)], name: "孙丽", id_number: "110105198806123026", mobile: "13000007777", scenario: Scenario::Normal, concession: None },
    DemoPerson { paid_today_elsewhere: &[], name: "郑红", id_number: "110102199203154021", mobile: "13000008888", scenario: Scenario::NotRegistered, concession: None },
    // Confirmed offline in 兰考 (the pilot county), so she may pay there online.
    DemoPerson { paid_today_elsewhere: &[], name: "吴秀兰", id_number: "410225196205083025", mobile: "13000009999", scenario: Scenario::Normal, concession: None },
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
