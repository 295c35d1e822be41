//! The money amounts a trainee may truthfully state: the amounts in the scenario's facts and the
//! arithmetic a caller would do on them ("$4 more than their offer", "$144 for the year").

use std::collections::BTreeMap;

/// Months a monthly price is commonly multiplied by (a year, two, a contract's term).
const MAX_MONTHS: u32 = 36;

/// Every amount the facts back: each fact's amounts, the difference and sum of any two, and a
/// monthly price times 1 to 36 months.
pub fn known_amounts(facts: &BTreeMap<String, String>) -> Vec<f64> {
    let base: Vec<(f64, bool)> =
        facts.values().flat_map(|v| amounts_in(v).into_iter().map(move |a| (a, is_monthly(v)))).collect();
    let mut known: Vec<f64> = base.iter().map(|(a, _)| *a).collect();
    for (i, (a, _)) in base.iter().enumerate() {
        for (b, _) in &base[i + 1..] {
            known.push((a - b).abs());
            known.push(a + b);
        }
    }
    for (a, monthly) in &base {
        if *monthly {
            known.extend((2..=MAX_MONTHS).map(|n| a * f64::from(n)));
        }
    }
    known.retain(|k| *k > 0.0);
    known
}

/// Whether `value` is one of the known amounts (to the cent).
pub fn is_known(known: &[f64], value: f64) -> bool {
    known.iter().any(|k| (k - value).abs() < 0.005)
}

/// Money amounts in a fact's text ("$49.99", "$39.00 a month").
pub fn amounts_in(text: &str) -> Vec<f64> {
    text.split_whitespace()
        .filter_map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_digit() && c != '.' && c != '$').strip_prefix('$').map(str::to_string)
        })
        .filter_map(|w| w.trim_end_matches('.').replace(',', "").parse().ok())
        .collect()
}

/// A price paid every month ("$12 a month", "$32/month", "monthly").
fn is_monthly(text: &str) -> bool {
    let t = text.to_lowercase();
    ["a month", "per month", "/month", "/mo", "monthly", "a mo"].iter().any(|p| t.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_year_of_a_monthly_price_is_known_and_a_made_up_amount_is_not() {
        let known = known_amounts(&facts(&[("plan", "$12 a month"), ("fee", "$30 one-off")]));
        assert!(is_known(&known, 144.0), "12 x $12");
        assert!(is_known(&known, 12.0));
        assert!(is_known(&known, 18.0), "the difference");
        assert!(is_known(&known, 42.0), "the sum");
        assert!(!is_known(&known, 90.0), "$30 is not monthly: 3 x $30 is not backed");
        assert!(!is_known(&known, 13.0));
    }

    #[test]
    fn amounts_are_read_from_fact_text() {
        assert_eq!(amounts_in("$39.00 a month, or $1,200."), vec![39.0, 1200.0]);
        assert!(amounts_in("24 months").is_empty());
    }
}
