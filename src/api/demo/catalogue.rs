//! The regions, products, tiers and collection windows, from the fixtures.

use super::*;

/// "广东省广州市" / "Guangzhou, Guangdong"; a municipality is named once ("北京市" / "Beijing").
pub(super) fn region_name(city: &DemoCity) -> LocalText {
    if city.province.0 == city.name.0 {
        LocalText::new(city.name.0, city.name.1)
    } else {
        LocalText::new(format!("{}{}", city.province.0, city.name.0), format!("{}, {}", city.name.1, city.province.1))
    }
}

/// A name as a record shows its holder: the family name, the rest masked (张*, 赵**).
pub(super) fn masked_name(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|first| std::iter::once(first).chain(chars.map(|_| '*')).collect()).unwrap_or_default()
}

pub(super) fn already_paid_serial(order: &OrderRef) -> String {
    format!("{}{}00000000", order.year, order.city)
}

pub(super) fn city_of(order: &OrderRef) -> Result<&'static DemoCity, ApiError> {
    fixtures::city(&order.city).ok_or(ApiError::NotFound)
}

pub(super) fn year_of(order: &OrderRef) -> Result<(u16, &'static str, &'static str, WindowStatus, u32), ApiError> {
    let city = city_of(order)?;
    if order.product == ProductCode::FlexiblePension && city.pension.is_none() {
        return Err(ApiError::NotFound);
    }
    fixtures::years(order.product).into_iter().find(|y| y.0 == order.year).ok_or(ApiError::NotFound)
}

pub(super) fn product_of(code: ProductCode, city: &DemoCity) -> Product {
    Product {
        code,
        name: fixtures::product_name(code),
        summary: fixtures::product_summary(code, city),
        years: fixtures::years(code)
            .into_iter()
            .map(|(year, opens_on, deadline, status, days_late)| ContributionYear {
                year,
                opens_on: opens_on.into(),
                deadline: deadline.into(),
                status,
                days_late,
            })
            .collect(),
    }
}

const TIER_NAMES: [(&str, &str); 3] = [("一档", "Tier 1"), ("二档", "Tier 2"), ("三档", "Tier 3")];

/// The fixed tiers of `product` in `city`: residents' and newborns' yearly tiers, or a
/// pension's fixed monthly amounts where the city prices it so (empty where it does not).
pub(super) fn fixed_tiers(city: &DemoCity, product: ProductCode) -> Vec<FixedTier> {
    let (table, months): (Vec<(i64, i64)>, u32) = match (product, city.pension) {
        (ProductCode::ResidentMedical | ProductCode::NewbornMedical, _) => (city.resident_tiers.to_vec(), 12),
        (ProductCode::FlexiblePension, Some(PensionTiers::FixedMonthly(amounts))) => (amounts.iter().map(|a| (*a, 0)).collect(), 1),
        _ => (vec![], 0),
    };
    let only_one = table.len() == 1;
    table
        .iter()
        .zip(TIER_NAMES)
        .enumerate()
        .map(|(i, ((personal, subsidy), (zh, en)))| FixedTier {
            code: format!("tier-{}", i + 1),
            name: if only_one { LocalText::new("缴费标准", "Standard rate") } else { LocalText::new(zh, en) },
            personal_amount: Decimal::from(*personal),
            subsidy: Decimal::from(*subsidy),
            months,
        })
        .collect()
}

/// What `person` pays at a fixed `tier` (their concession counts in residents' insurance).
pub(super) fn fixed_tier_price(person: &Person, product: ProductCode, tier: &FixedTier, days_late: u32) -> PricingInput {
    let discounts = match product {
        ProductCode::ResidentMedical => person.fixture().and_then(|p| p.concession).into_iter().collect(),
        _ => vec![],
    };
    PricingInput { standard: tier.personal_amount + tier.subsidy, subsidy: tier.subsidy, discounts, days_late }
}

/// The period a fixed tier pays for: the whole calendar year.
pub(super) fn whole_year(year: u16) -> LocalText {
    LocalText::new(format!("{year}年1月1日至{year}年12月31日"), format!("1 Jan {year} – 31 Dec {year}"))
}

/// The period a fixed monthly tier pays for.
pub(super) fn monthly(year: u16, months: u32) -> LocalText {
    LocalText::new(format!("{year}年度，按月缴费 {months} 个月"), format!("{year}, paid monthly: {months} month(s)"))
}

/// The bases a flexible worker may choose, in per cent of the average wage: the pension's
/// 60–300 % (seed 000 §2); medical is the average wage itself, at 8–10 % (seed 001 §3).
pub(super) fn wage_base_range(product: ProductCode) -> (u32, u32) {
    match product {
        ProductCode::FlexibleMedical => (100, 100),
        _ => (60, 300),
    }
}

pub(super) fn cycle_text(cycle: Cycle) -> (&'static str, &'static str) {
    match cycle {
        Cycle::Monthly => ("按月", "monthly"),
        Cycle::Quarterly => ("按季度", "quarterly"),
        Cycle::HalfYearly => ("按半年", "half-yearly"),
    }
}

/// The demo's regions, from the fixtures.
pub(super) fn regions() -> Vec<Province> {
    let mut provinces: Vec<Province> = Vec::new();
    for city in fixtures::CITIES {
        let entry = City { code: city.code.into(), name: LocalText::new(city.name.0, city.name.1) };
        match provinces.iter_mut().find(|p| p.code == city.province_code) {
            Some(province) => province.cities.push(entry),
            None => provinces.push(Province {
                code: city.province_code.into(),
                name: LocalText::new(city.province.0, city.province.1),
                cities: vec![entry],
            }),
        }
    }
    provinces
}

/// The products a demo city offers, from the fixtures.
pub(super) fn products(city: &str) -> Result<Vec<Product>, ApiError> {
    let city = fixtures::city(city).ok_or(ApiError::NotFound)?;
    Ok(ProductCode::ALL
        .into_iter()
        .filter(|code| *code != ProductCode::FlexiblePension || city.pension.is_some())
        .map(|code| product_of(code, city))
        .collect())
}
