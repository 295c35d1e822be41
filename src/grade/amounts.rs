//! The money amounts a trainee may truthfully state: the amounts in the scenario's facts and the
//! arithmetic a caller would do on them ("$4 more than their offer", "$144 for the year").

use crate::scenario::Scenario;

/// Months a monthly price is multiplied by: a quarter, half a year, a year, a contract's term.
/// Not every count: $150 is 15 × $10, and nobody quotes 15 months.
const TERMS: [u32; 7] = [2, 3, 6, 12, 18, 24, 36];

/// Every amount the scenario backs: each fact's amounts and the rival's offer, the difference
/// and sum of any two, and a monthly price over the usual terms (3, 6, 12, 24… months).
pub fn known_amounts(sc: &Scenario) -> Vec<f64> {
    let texts = sc.facts.values().chain(sc.rival.as_ref().map(|r| &r.offer));
    backed_by(texts)
}

fn backed_by<'a>(texts: impl Iterator<Item = &'a String>) -> Vec<f64> {
    let base: Vec<(f64, bool)> =
        texts.flat_map(|v| amounts_in(v).into_iter().map(move |a| (a, is_monthly(v)))).collect();
    let mut known: Vec<f64> = base.iter().map(|(a, _)| *a).collect();
    for (i, (a, _)) in base.iter().enumerate() {
        for (b, _) in &base[i + 1..] {
            known.push((a - b).abs());
            known.push(a + b);
        }
    }
    for (a, monthly) in &base {
        if *monthly {
            known.extend(TERMS.iter().map(|n| a * f64::from(*n)));
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

    fn facts(pairs: &[(&str, &str)]) -> Vec<f64> {
        let texts: Vec<String> = pairs.iter().map(|(_, v)| v.to_string()).collect();
        backed_by(texts.iter())
    }

    #[test]
    fn a_year_of_a_monthly_price_is_known_and_a_made_up_amount_is_not() {
        let known = facts(&[("plan", "$12 a month"), ("fee", "$30 one-off")]);
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
