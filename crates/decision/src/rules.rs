//! Rules: declarative conditions in CEL (the Common Expression Language, `cel` crate) over the
//! facts, from the catalogue data. A rule names a *problem*: when its condition holds, the case
//! cannot be approved automatically, and the rule says what happens instead.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::facts::Facts;

/// What a firing rule does to the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// An officer must look (the data allows no automatic answer).
    Review,
    /// The service is not needed (e.g. the 户口簿 already proves it): refused with that advice.
    NotNeeded,
    /// The registry contradicts the application: refused.
    Reject,
}

/// One rule of a service, as the catalogue states it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable code of the reason this rule gives.
    pub id: String,
    /// CEL condition over the facts; true means the problem is present.
    pub when: String,
    /// What happens when it fires.
    pub effect: Effect,
    /// The reason it gives, in Chinese.
    pub zh: String,
    /// The reason it gives, in English.
    pub en: String,
}

impl Rule {
    /// Whether the condition reads the other person's facts (names the `related` variable).
    pub fn reads_related(&self) -> bool {
        self.when.contains("related")
    }
}

/// A reason in a decision, in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's id, or a code of the decision itself (`face_mismatch`, `officer_required`,
    /// `rule_unevaluable:<id>`, …).
    pub code: String,
    /// What it does to the case.
    pub effect: Effect,
    /// The reason in Chinese.
    pub zh: String,
    /// The reason in English.
    pub en: String,
}

/// The facts and the context a rule can see.
pub struct RuleInput<'a> {
    /// The facts about the applicant.
    pub facts: &'a Facts,
    /// The facts about the other person of a two-person service (the deceased, the relative).
    pub related: Option<&'a Facts>,
    /// The deployment's city code.
    pub city: &'a str,
    /// The decision date, `YYYY-MM-DD`.
    pub today: &'a str,
}

/// Compiles a rule's condition (done once per catalogue load and in tests for every rule).
pub fn compile(rule: &Rule) -> Result<cel::Program, String> {
    cel::Program::compile(&rule.when).map_err(|e| format!("rule {}: {e}", rule.id))
}

fn context(input: &RuleInput<'_>) -> Result<cel::Context<'static, 'static>, String> {
    let mut ctx = cel::Context::default();
    let add = |ctx: &mut cel::Context<'static, 'static>, name: &str, value: cel::Value| {
        ctx.add_variable_from_value(name, value)
    };
    let f = input.facts;
    add(&mut ctx, "person", to(&f.person)?);
    add(&mut ctx, "household", to(&f.household)?);
    add(&mut ctx, "property", to(&f.property)?);
    add(&mut ctx, "marriage", to(&f.marriage)?);
    add(&mut ctx, "births", to(&f.births)?);
    add(&mut ctx, "death", to(&f.death)?);
    add(&mut ctx, "social_security", to(&f.social_security)?);
    add(&mut ctx, "overseas_return", to(&f.overseas_return)?);
    add(&mut ctx, "criminal_records", to(&f.criminal_records)?);
    add(&mut ctx, "related", to(&input.related)?);
    add(&mut ctx, "city", cel::Value::String(Arc::new(input.city.to_string())));
    add(&mut ctx, "today", cel::Value::String(Arc::new(input.today.to_string())));
    Ok(ctx)
}

fn to<T: Serialize>(value: &T) -> Result<cel::Value, String> {
    cel::to_value(value).map_err(|e| e.to_string())
}

/// The finding when the facts cannot be given to the rules. Residents see findings: the
/// evaluator's own error text (internal names, types) never goes into one.
fn facts_unreadable() -> Finding {
    Finding {
        code: "facts_unreadable".into(),
        effect: Effect::Review,
        zh: "登记数据无法自动读取，需人工审核。".into(),
        en: "The registry data could not be read automatically; an officer checks it.".into(),
    }
}

/// Evaluates every rule. A rule that cannot be evaluated (missing data it dereferences, a
/// type error) fires as a review: a person looks rather than the machine guessing.
pub fn evaluate(rules: &[Rule], input: &RuleInput<'_>) -> Vec<Finding> {
    let ctx = match context(input) {
        Ok(c) => c,
        Err(_) => return vec![facts_unreadable()],
    };
    rules
        .iter()
        .filter_map(|rule| {
            let fired = compile(rule).and_then(|p| p.execute(&ctx).map_err(|e| e.to_string()));
            match fired {
                Ok(cel::Value::Bool(false)) => None,
                Ok(cel::Value::Bool(true)) => Some(Finding {
                    code: rule.id.clone(),
                    effect: rule.effect,
                    zh: rule.zh.clone(),
                    en: rule.en.clone(),
                }),
                Ok(_) | Err(_) => Some(Finding {
                    code: format!("rule_unevaluable:{}", rule.id),
                    effect: Effect::Review,
                    zh: format!("规则无法自动判断（{}），需人工审核。", rule.id),
                    en: format!("Rule {} could not be evaluated automatically; an officer checks it.", rule.id),
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// L12: residents see findings; a rule the evaluator cannot run says so in plain words and
    /// never carries the evaluator's error text.
    #[test]
    fn an_unevaluable_rule_is_a_plain_review_finding() {
        let rule = Rule {
            id: "broken".into(),
            when: "applicant.no_such_fact.deeper > size(1)".into(),
            effect: Effect::Reject,
            zh: "不应出现".into(),
            en: "must not appear".into(),
        };
        let facts = Facts::default();
        let input = RuleInput { facts: &facts, related: None, city: "温州市", today: "2026-11-30" };
        let cel_error = compile(&rule).and_then(|p| p.execute(&context(&input).unwrap()).map_err(|e| e.to_string()));
        let cel_error = cel_error.expect_err("the rule cannot be evaluated");
        let findings = evaluate(&[rule], &input);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!((f.code.as_str(), f.effect), ("rule_unevaluable:broken", Effect::Review));
        assert!(!f.zh.contains(&cel_error) && !f.en.contains(&cel_error), "{f:?} / {cel_error}");
        assert!(!f.en.contains("no_such_fact") && !facts_unreadable().en.contains(':'));
    }
}
