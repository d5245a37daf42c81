use crate::domain::money::format_yuan;
use crate::domain::pricing::Breakdown;
use crate::i18n::{breakdown_label, pick, tr, use_lang};
use leptos::prelude::*;

/// Explains the amount line by line: standard, subsidy, discounts, late fee, and the total the
/// lines add up to. The app only shows breakdowns that `Breakdown::check` accepted.
#[component]
pub fn AmountBreakdown(breakdown: Breakdown, #[prop(optional, into)] caption: Option<Signal<String>>) -> impl IntoView {
    let lang = use_lang();
    let total = format_yuan(breakdown.total);
    let rows = breakdown
        .lines
        .into_iter()
        .map(|line| {
            let label = breakdown_label(&line);
            let sign = if line.kind.is_deduction() { "−" } else { "" };
            let amount = format!("{sign}{}", format_yuan(line.amount));
            let class = if line.kind.is_deduction() { "amount deduction" } else { "amount" };
            view! {
                <tr>
                    <th scope="row">{move || pick(lang.get(), &label)}</th>
                    <td class=class>{amount}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="breakdown" data-testid="breakdown">
            <caption>{move || match caption {
                Some(caption) => caption.get(),
                None => lang.get().pick("金额明细", "How the amount is made up").to_string(),
            }}</caption>
            <tbody>{rows}</tbody>
            <tfoot>
                // The voice reads the total wherever it is shown (before paying).
                <tr data-say="">
                    <th scope="row">{tr("应缴金额", "Total to pay")}</th>
                    <td class="amount total" data-testid="total">{total}</td>
                </tr>
            </tfoot>
        </table>
    }
}
