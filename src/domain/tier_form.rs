//! The tier form's rules, apart from its view: what the person chose makes a `TierChoice`, or
//! each field says what it still needs. Regional rules (bundles, limits) will add to them.

use crate::api::{Cycle, TierChoice, TierOptions};
use rust_decimal::Decimal;

/// Which base a flexible worker picked: a suggested percentage or one they typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseChoice {
    Suggested(u32),
    Custom,
}

/// What the form holds as the person fills it in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TierDraft {
    pub fixed_tier: Option<String>,
    pub base: Option<BaseChoice>,
    /// The percentage typed for a base of one's own, as typed.
    pub custom_percent: String,
    pub rate: Option<Decimal>,
    pub cycle: Option<Cycle>,
}

/// A field of the form (its id in the page, which the error summary links to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierField {
    Tier,
    Base,
    BaseCustom,
    Rate,
    Cycle,
}

impl TierField {
    pub fn id(self) -> &'static str {
        match self {
            TierField::Tier => "tier",
            TierField::Base => "base",
            TierField::BaseCustom => "base-custom",
            TierField::Rate => "rate",
            TierField::Cycle => "cycle",
        }
    }
}

/// What a field still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierProblem {
    ChooseTier,
    ChooseBase,
    EnterPercent,
    /// The backend's range of bases, in per cent of the average wage.
    PercentOutOfRange { min: u32, max: u32 },
    ChooseRate,
    ChooseCycle,
}

impl TierDraft {
    /// The form as it opens: the previous choice (coming back to it) where it fits these options,
    /// and a tier, base, rate or cycle already chosen where there is only one.
    pub fn opening(previous: Option<&TierChoice>, options: &TierOptions) -> TierDraft {
        let mut draft = TierDraft::default();
        match (previous, options) {
            (Some(TierChoice::Fixed { tier }), TierOptions::Fixed { .. }) => draft.fixed_tier = Some(tier.clone()),
            (Some(TierChoice::WageBased { base_percent, rate_percent, cycle }), TierOptions::WageBased { suggested_percents, .. }) => {
                let suggested = suggested_percents.contains(base_percent);
                draft.base = Some(if suggested { BaseChoice::Suggested(*base_percent) } else { BaseChoice::Custom });
                if !suggested {
                    draft.custom_percent = base_percent.to_string();
                }
                (draft.rate, draft.cycle) = (Some(*rate_percent), Some(*cycle));
            }
            _ => {}
        }
        if let TierOptions::Fixed { tiers } = options {
            if let [only] = tiers.as_slice() {
                draft.fixed_tier = Some(only.code.clone());
            }
        }
        if let TierOptions::WageBased { rates, cycles, min_percent, max_percent, .. } = options {
            if min_percent == max_percent {
                draft.base = Some(BaseChoice::Suggested(*min_percent));
            }
            if let [only] = rates.as_slice() {
                draft.rate = Some(*only);
            }
            if let [only] = cycles.as_slice() {
                draft.cycle = Some(*only);
            }
        }
        draft
    }

    /// What the typed base still needs, if anything.
    pub fn custom_problem(&self, options: &TierOptions) -> Option<TierProblem> {
        let TierOptions::WageBased { min_percent: min, max_percent: max, .. } = *options else { return None };
        let text = self.custom_percent.trim();
        match text.parse::<u32>() {
            _ if text.is_empty() => Some(TierProblem::EnterPercent),
            Ok(percent) if (min..=max).contains(&percent) => None,
            _ => Some(TierProblem::PercentOutOfRange { min, max }),
        }
    }

    /// Every field that still needs something, in the form's order.
    pub fn problems(&self, options: &TierOptions) -> Vec<(TierField, TierProblem)> {
        let mut found = Vec::new();
        if let TierOptions::Fixed { .. } = options {
            if self.fixed_tier.is_none() {
                found.push((TierField::Tier, TierProblem::ChooseTier));
            }
            return found;
        }
        match self.base {
            None => found.push((TierField::Base, TierProblem::ChooseBase)),
            Some(BaseChoice::Custom) => found.extend(self.custom_problem(options).map(|p| (TierField::BaseCustom, p))),
            Some(BaseChoice::Suggested(_)) => {}
        }
        if self.rate.is_none() {
            found.push((TierField::Rate, TierProblem::ChooseRate));
        }
        if self.cycle.is_none() {
            found.push((TierField::Cycle, TierProblem::ChooseCycle));
        }
        found
    }

    /// The choice, once the form has no problem (the amount is worked out for it).
    pub fn choice(&self, options: &TierOptions) -> Option<TierChoice> {
        if let TierOptions::Fixed { .. } = options {
            return self.fixed_tier.clone().map(|tier| TierChoice::Fixed { tier });
        }
        let base_percent = match self.base? {
            BaseChoice::Suggested(percent) => percent,
            BaseChoice::Custom if self.custom_problem(options).is_some() => return None,
            BaseChoice::Custom => self.custom_percent.trim().parse().ok()?,
        };
        Some(TierChoice::WageBased { base_percent, rate_percent: self.rate?, cycle: self.cycle? })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::{FixedTier, LocalText};
    use proptest::prelude::*;

    fn wage(rates: &[u32], cycles: &[Cycle]) -> TierOptions {
        TierOptions::WageBased {
            monthly_average_wage: Decimal::from(11_937),
            min_percent: 60,
            max_percent: 300,
            suggested_percents: vec![60, 100, 300],
            rates: rates.iter().map(|r| Decimal::from(*r)).collect(),
            cycles: cycles.to_vec(),
        }
    }

    fn fixed() -> TierOptions {
        TierOptions::Fixed { tiers: vec![] }
    }

    #[test]
    fn a_fixed_tier_needs_one_chosen() {
        let draft = TierDraft::default();
        assert_eq!(draft.problems(&fixed()), vec![(TierField::Tier, TierProblem::ChooseTier)]);
        assert_eq!(draft.choice(&fixed()), None);
        let draft = TierDraft { fixed_tier: Some("二档".into()), ..draft };
        assert_eq!(draft.problems(&fixed()), vec![]);
        assert_eq!(draft.choice(&fixed()), Some(TierChoice::Fixed { tier: "二档".into() }));
    }

    #[test]
    fn a_wage_base_needs_the_base_the_rate_and_the_cycle_in_the_form_s_order() {
        let options = wage(&[12, 20], &[Cycle::Monthly, Cycle::Quarterly]);
        let draft = TierDraft::opening(None, &options);
        assert_eq!(
            draft.problems(&options),
            vec![(TierField::Base, TierProblem::ChooseBase), (TierField::Rate, TierProblem::ChooseRate), (TierField::Cycle, TierProblem::ChooseCycle)]
        );
        let draft = TierDraft { base: Some(BaseChoice::Suggested(100)), rate: Some(Decimal::from(20)), cycle: Some(Cycle::Quarterly), ..draft };
        assert_eq!(draft.problems(&options), vec![]);
        assert_eq!(draft.choice(&options), Some(TierChoice::WageBased { base_percent: 100, rate_percent: Decimal::from(20), cycle: Cycle::Quarterly }));
    }

    #[test]
    fn what_the_backend_leaves_no_choice_in_is_chosen_as_the_form_opens() {
        // Flexible-employment medical: the average wage itself, at one of three rates (seed 001).
        let medical = TierOptions::WageBased {
            monthly_average_wage: Decimal::from(11_937),
            min_percent: 100,
            max_percent: 100,
            suggested_percents: vec![100],
            rates: [8, 9, 10].map(Decimal::from).to_vec(),
            cycles: vec![Cycle::Monthly],
        };
        let draft = TierDraft::opening(None, &medical);
        assert_eq!((draft.base, draft.cycle), (Some(BaseChoice::Suggested(100)), Some(Cycle::Monthly)));
        assert_eq!(draft.problems(&medical), vec![(TierField::Rate, TierProblem::ChooseRate)]);
        // A city with one residents' standard (seed 003).
        let standard = FixedTier { code: "tier-1".into(), name: LocalText::new("缴费标准", "Standard rate"), personal_amount: Decimal::from(640), subsidy: Decimal::from(640), months: 12 };
        let one = TierOptions::Fixed { tiers: vec![standard] };
        assert_eq!(TierDraft::opening(None, &one).choice(&one), Some(TierChoice::Fixed { tier: "tier-1".into() }));
    }

    #[test]
    fn a_typed_base_must_be_a_whole_number_in_the_backend_s_range() {
        let options = wage(&[20], &[Cycle::Monthly]);
        let typed = |text: &str| TierDraft { base: Some(BaseChoice::Custom), custom_percent: text.into(), ..TierDraft::opening(None, &options) };
        assert_eq!(typed("").problems(&options), vec![(TierField::BaseCustom, TierProblem::EnterPercent)]);
        for bad in ["59", "301", "12.5", "abc", "-100"] {
            assert_eq!(typed(bad).problems(&options), vec![(TierField::BaseCustom, TierProblem::PercentOutOfRange { min: 60, max: 300 })], "{bad}");
            assert_eq!(typed(bad).choice(&options), None, "{bad}");
        }
        assert_eq!(typed(" 150 ").choice(&options), Some(TierChoice::WageBased { base_percent: 150, rate_percent: Decimal::from(20), cycle: Cycle::Monthly }));
    }

    #[test]
    fn coming_back_opens_the_form_as_it_was_left() {
        let options = wage(&[12, 20], &[Cycle::Monthly, Cycle::Quarterly]);
        let suggested = TierChoice::WageBased { base_percent: 100, rate_percent: Decimal::from(12), cycle: Cycle::Monthly };
        let typed = TierChoice::WageBased { base_percent: 150, rate_percent: Decimal::from(20), cycle: Cycle::Quarterly };
        for previous in [suggested, typed] {
            assert_eq!(TierDraft::opening(Some(&previous), &options).choice(&options), Some(previous));
        }
        assert_eq!(TierDraft::opening(Some(&TierChoice::Fixed { tier: "一档".into() }), &fixed()).fixed_tier.as_deref(), Some("一档"));
        assert_eq!(TierDraft::opening(Some(&TierChoice::Fixed { tier: "一档".into() }), &options).base, None, "a choice of other options is not kept");
    }

    proptest! {
        /// The form never asks for a quote while it shows a problem, and always can once it shows none.
        #[test]
        fn a_choice_exactly_when_there_is_no_problem(
            base in prop_oneof![Just(None), (0u32..400).prop_map(|p| Some(BaseChoice::Suggested(p))), Just(Some(BaseChoice::Custom))],
            custom in "[0-9 .a-z]{0,4}",
            rate in proptest::option::of(Just(Decimal::from(20))),
            cycle in proptest::option::of(Just(Cycle::Monthly)),
        ) {
            let options = wage(&[12, 20], &[Cycle::Monthly, Cycle::Quarterly]);
            let draft = TierDraft { fixed_tier: None, base, custom_percent: custom, rate, cycle };
            prop_assert_eq!(draft.problems(&options).is_empty(), draft.choice(&options).is_some());
        }
    }
}
